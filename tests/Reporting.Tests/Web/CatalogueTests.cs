using System.Text;
using System.Text.RegularExpressions;
using Reporting.Tests.Infrastructure;

namespace Reporting.Tests.Web;

/// <summary>
/// The pages' words: the English and Thai catalogues (web/src/strings/en.ts, th.ts) hold the same keys, each with the same
/// {placeholders}, none empty. The TypeScript build checks the shape too; this says which key is missing, in which file.
/// </summary>
public sealed partial class CatalogueTests
{
    private static readonly string Strings = Path.Combine(Azurite.RepoRoot(), "web", "src", "strings");

    /// <summary>Reads an object literal of string leaves (keys, nested objects, double-quoted strings) into path → text.</summary>
    public static Dictionary<string, string> Read(string file)
    {
        var text = File.ReadAllText(Path.Combine(Strings, file));
        var start = text.IndexOf("= {", StringComparison.Ordinal);
        Assert.True(start > 0, $"{file}: no catalogue object found");
        var entries = new Dictionary<string, string>(StringComparer.Ordinal);
        var path = new Stack<string>();
        string? key = null;
        for (var i = start + 2; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '/' && i + 1 < text.Length && text[i + 1] == '/') { i = text.IndexOf('\n', i); if (i < 0) break; continue; }
            if (char.IsWhiteSpace(c) || c == ',') continue;
            if (c == '{') { if (key is not null) path.Push(key); key = null; continue; }
            if (c == '}') { if (path.Count == 0) break; path.Pop(); continue; }
            if (c == ':') continue;
            if (c == '"')
            {
                var value = new StringBuilder();
                for (i++; text[i] != '"'; i++)
                {
                    if (text[i] == '\\') i++;
                    value.Append(text[i]);
                }
                Assert.True(key is not null, $"{file}: a string without a key near {text[Math.Max(0, i - 40)..i]}");
                entries[string.Join(".", path.Reverse().Append(key))] = value.ToString();
                key = null;
                continue;
            }
            var word = Identifier().Match(text, i);
            Assert.True(word.Success && word.Index == i, $"{file}: unexpected '{c}' near {text[Math.Max(0, i - 40)..Math.Min(text.Length, i + 40)]}");
            key = word.Value;
            i += word.Length - 1;
        }
        return entries;
    }

    [GeneratedRegex("[A-Za-z_][A-Za-z0-9_]*")]
    private static partial Regex Identifier();

    [GeneratedRegex("\\{(\\w+)\\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex("[a-z]{4,}")]
    private static partial Regex EnglishWord();

    [Fact]
    public void Thai_and_English_catalogues_hold_the_same_keys_with_the_same_placeholders()
    {
        var en = Read("en.ts");
        var th = Read("th.ts");
        Assert.True(en.Count > 250, $"only {en.Count} English entries read");

        var missingInThai = en.Keys.Except(th.Keys).ToList();
        var missingInEnglish = th.Keys.Except(en.Keys).ToList();
        Assert.True(missingInThai.Count == 0, "Missing from th.ts: " + string.Join(", ", missingInThai));
        Assert.True(missingInEnglish.Count == 0, "Missing from en.ts: " + string.Join(", ", missingInEnglish));

        var placeholders = en.Keys
            .Select(k => (Key: k, En: Placeholder().Matches(en[k]).Select(m => m.Value).Order().ToList(), Th: Placeholder().Matches(th[k]).Select(m => m.Value).Order().ToList()))
            .Where(x => !x.En.SequenceEqual(x.Th))
            .Select(x => $"{x.Key}: en {string.Join(" ", x.En)} / th {string.Join(" ", x.Th)}")
            .ToList();
        Assert.True(placeholders.Count == 0, "Placeholders differ: " + string.Join("; ", placeholders));

        var empty = en.Concat(th).Where(e => string.IsNullOrWhiteSpace(e.Value)).Select(e => e.Key).ToList();
        Assert.True(empty.Count == 0, "Empty entries: " + string.Join(", ", empty));
    }

    [Fact]
    public void Thai_catalogue_is_written_in_Thai()
    {
        // Codes, names and numbers may stay as they are; sentences may not be left in English.
        var th = Read("th.ts");
        var english = th.Where(e => !e.Value.Any(c => c is >= '\u0E00' and <= '\u0E7F') && EnglishWord().IsMatch(Placeholder().Replace(e.Value, "")))
            .Select(e => $"{e.Key}: {e.Value}").ToList();
        Assert.True(english.Count == 0, "Not translated: " + string.Join("; ", english));
    }

    [Fact]
    public void A_key_missing_from_one_catalogue_is_named()
    {
        var file = Path.Combine(Path.GetTempPath(), "catalogue-" + Guid.NewGuid().ToString("N") + ".ts");
        var without = File.ReadAllText(Path.Combine(Strings, "th.ts")).Replace("    checking: \"กำลังตรวจสอบ…\",\n", "", StringComparison.Ordinal);
        File.WriteAllText(file, without);
        try
        {
            var en = Read("en.ts");
            var th = Read(file);
            Assert.Equal(["signIn.checking"], en.Keys.Except(th.Keys));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
