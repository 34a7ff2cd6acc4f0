using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Reporting.Spreadsheets;

/// <summary>
/// The format's own escape for cell text (ECMA-376 ST_Xstring): <c>_xHHHH_</c> stands for the UTF-16 unit HHHH. Only
/// characters XML cannot hold are written that way, and a literal "_x0041_" typed by someone is written "_x005F_x0041_"
/// so that every reader (Excel, LibreOffice, this API's import) gives back exactly what was typed. Everything else,
/// astral characters such as emoji included, is written as plain UTF-8.
/// </summary>
public static partial class XlsxText
{
    [GeneratedRegex("_x[0-9A-Fa-f]{4}_")]
    private static partial Regex EscapeLike();

    public static string Escape(string text)
    {
        if (text.Length == 0) return text;
        var literal = EscapeLike().Replace(text, m => "_x005F" + m.Value);
        StringBuilder? sb = null;
        for (var i = 0; i < literal.Length; i++)
        {
            var c = literal[i];
            var valid = c is '\t' or '\n' or '\r' || (c >= 0x20 && c <= 0xFFFD && !char.IsSurrogate(c));
            if (!valid && char.IsHighSurrogate(c) && i + 1 < literal.Length && char.IsLowSurrogate(literal[i + 1]))
            {
                sb?.Append(c).Append(literal[i + 1]);
                i++;
                continue;
            }
            if (valid)
            {
                sb?.Append(c);
                continue;
            }
            sb ??= new StringBuilder(literal, 0, i, literal.Length + 16);
            sb.Append("_x").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture)).Append('_');
        }
        return sb?.ToString() ?? literal;
    }

    public static string Unescape(string text) =>
        text.Contains("_x", StringComparison.Ordinal)
            ? EscapeLike().Replace(text, m => ((char)int.Parse(m.Value.AsSpan(2, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToString())
            : text;
}
