using System.Collections.Concurrent;
using System.Reflection;

namespace Reporting.Http;

/// <summary>
/// Whether a property may hold null, as the compiler's nullable annotations say. <see cref="NullabilityInfoContext"/> is not
/// thread-safe: one shared context read by concurrent requests corrupted its cache and every later bind failed, so each
/// answer is computed once with a context of its own and kept.
/// </summary>
public static class Nullability
{
    private static readonly ConcurrentDictionary<PropertyInfo, NullabilityInfo> Known = new();

    public static NullabilityInfo Of(PropertyInfo property) => Known.GetOrAdd(property, p => new NullabilityInfoContext().Create(p));
}
