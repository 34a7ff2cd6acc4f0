using System.Reflection;
using System.Reflection.Emit;
using Newtonsoft.Json.Linq;
using Reporting.Http;

namespace Reporting.Tests.Domain;

/// <summary>
/// Binding reads each property's nullability; the first reads of many types at once (a cold server taking its first
/// requests, the test run starting) once corrupted a shared cache, and from then on every bind in the process failed.
/// </summary>
public sealed class JsonBindingTests
{
    // Names are camelCase on the wire: property P3 is "p3".
    private const int Types = 150, Properties = 12, Threads = 8;

    /// <summary>Types no other test has bound, so their first reads happen here, from every thread at once.</summary>
    private static List<Type> FreshTypes()
    {
        var module = AssemblyBuilder.DefineDynamicAssembly(new AssemblyName("Fresh" + Guid.NewGuid().ToString("N")), AssemblyBuilderAccess.Run)
            .DefineDynamicModule("fresh");
        // Annotated as the compiler annotates nullable-aware code (an attribute of that name, which the reader matches by
        // name): reading such a type is what writes to the nullability cache.
        var attribute = module.DefineType("System.Runtime.CompilerServices.NullableContextAttribute", TypeAttributes.Public | TypeAttributes.Sealed, typeof(Attribute));
        var flag = attribute.DefineField("Flag", typeof(byte), FieldAttributes.Public | FieldAttributes.InitOnly);
        var constructor = attribute.DefineConstructor(MethodAttributes.Public, CallingConventions.Standard, [typeof(byte)]);
        var body = constructor.GetILGenerator();
        body.Emit(OpCodes.Ldarg_0);
        body.Emit(OpCodes.Call, typeof(Attribute).GetConstructor(BindingFlags.NonPublic | BindingFlags.Instance, Type.EmptyTypes)!);
        body.Emit(OpCodes.Ldarg_0);
        body.Emit(OpCodes.Ldarg_1);
        body.Emit(OpCodes.Stfld, flag);
        body.Emit(OpCodes.Ret);
        var annotated = new CustomAttributeBuilder(attribute.CreateType().GetConstructor([typeof(byte)])!, [(byte)1]);
        var types = new List<Type>();
        for (var t = 0; t < Types; t++)
        {
            var type = module.DefineType($"Fresh{t}", TypeAttributes.Public | TypeAttributes.Class | TypeAttributes.Sealed);
            type.SetCustomAttribute(annotated);
            type.DefineDefaultConstructor(MethodAttributes.Public);
            for (var p = 0; p < Properties; p++)
            {
                var field = type.DefineField($"_p{p}", typeof(string), FieldAttributes.Private);
                var property = type.DefineProperty($"P{p}", PropertyAttributes.None, typeof(string), null);
                const MethodAttributes accessor = MethodAttributes.Public | MethodAttributes.SpecialName | MethodAttributes.HideBySig;
                var get = type.DefineMethod($"get_P{p}", accessor, typeof(string), Type.EmptyTypes);
                var il = get.GetILGenerator();
                il.Emit(OpCodes.Ldarg_0);
                il.Emit(OpCodes.Ldfld, field);
                il.Emit(OpCodes.Ret);
                var set = type.DefineMethod($"set_P{p}", accessor, null, [typeof(string)]);
                il = set.GetILGenerator();
                il.Emit(OpCodes.Ldarg_0);
                il.Emit(OpCodes.Ldarg_1);
                il.Emit(OpCodes.Stfld, field);
                il.Emit(OpCodes.Ret);
                property.SetGetMethod(get);
                property.SetSetMethod(set);
            }
            types.Add(type.CreateType());
        }
        return types;
    }

    [Fact]
    public void Binding_many_new_types_from_many_threads_at_once_keeps_working_for_every_later_bind()
    {
        var types = FreshTypes();
        var document = new JObject(Enumerable.Range(0, Properties).Select(p => new JProperty($"p{p}", $"value {p}")));
        var bind = typeof(Json).GetMethod(nameof(Json.Bind))!;
        var failures = new List<string>();
        using var start = new Barrier(Threads);
        var threads = Enumerable.Range(0, Threads).Select(n => new Thread(() =>
        {
            start.SignalAndWait();
            // Each thread walks the types from another starting point, so first reads of the same type overlap.
            for (var i = 0; i < types.Count; i++)
            {
                var type = types[(i + n * 17) % types.Count];
                try
                {
                    var bound = bind.MakeGenericMethod(type).Invoke(null, [document]);
                    if ((string?)type.GetProperty("P3")!.GetValue(bound) != "value 3") lock (failures) failures.Add($"{type.Name}: P3 not bound");
                }
                catch (TargetInvocationException ex)
                {
                    lock (failures) failures.Add($"{type.Name}: {ex.InnerException?.GetType().Name}: {ex.InnerException?.Message}");
                }
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        Assert.True(failures.Count == 0, $"{failures.Count} of {Types * Threads} binds failed:\n" + string.Join("\n", failures.Distinct().Take(5)));
        // And the process's binding still works afterwards.
        var plan = Json.ParseAndBind<Reporting.Plans.WorkPlan>(File.ReadAllText(Path.Combine(Infrastructure.Azurite.RepoRoot(), "plans", "somswd-2021-2025.json")));
        Assert.Equal("somswd-2021-2025", plan.Id);
    }
}
