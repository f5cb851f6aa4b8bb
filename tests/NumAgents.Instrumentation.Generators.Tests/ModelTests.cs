using System.Reflection;
using Microsoft.CodeAnalysis;
using NumAgents.Instrumentation.Generators.Helpers;
using NumAgents.Instrumentation.Generators.Model;
using NumAgents.Instrumentation.Generators.Tests.Infrastructure;

namespace NumAgents.Instrumentation.Generators.Tests;

/// <summary>
/// The specs the pipeline caches hold only value-equal data: a symbol, syntax node, compilation or
/// location in them would keep the compilation alive and defeat caching.
/// </summary>
public sealed class ModelTests
{
    private static readonly Type[] s_forbidden =
    [
        typeof(ISymbol), typeof(SyntaxNode), typeof(SyntaxTree), typeof(Compilation), typeof(SemanticModel),
        typeof(Location), typeof(AttributeData), typeof(IOperation), typeof(SyntaxToken), typeof(TypedConstant),
    ];

    private static readonly HashSet<string> s_ourSteps = [.. typeof(TrackingNames).GetFields().Where(f => f.Name != nameof(TrackingNames.CallSites) && !f.Name.EndsWith("Suffix", StringComparison.Ordinal)).Select(f => (string)f.GetValue(null)!)
        .SelectMany(name => new[] { name, name + TrackingNames.WithOptionsSuffix, name + TrackingNames.GeneratedSuffix, name + TrackingNames.SpecSuffix })];

    public static TheoryData<Type> ModelTypes => [.. typeof(NodeSpec).Assembly.GetTypes().Where(t => t.Namespace == typeof(NodeSpec).Namespace && !t.IsEnum)];

    [Theory]
    [MemberData(nameof(ModelTypes))]
    public void Model_types_hold_no_roslyn_object_and_are_value_equal(Type type)
    {
        Walk(type, [], type.Name);
        Assert.Contains(type.GetInterfaces(), i => i == typeof(IEquatable<>).MakeGenericType(type));
    }

    [Fact]
    public void The_values_the_pipeline_caches_hold_no_roslyn_object()
    {
        var compilation = GeneratorHarness.CreateCompilation([("Nodes.cs", """
            using NumAgents.Core;
            using NumAgents.Instrumentation;

            [Traced, Timed, Counted]
            public partial class LoadNode : Node
            {
                [Label] public string Source { get; } = "disk";
                protected override NodeResult Exec(SharedStore shared) => new();
            }
            """), ("Services.cs", Sources.SyncMethods), ("Generic.cs", Sources.GenericMethods), ("GenAI.cs", Sources.GenAI)]);
        var result = GeneratorHarness.CreateDriver().RunGenerators(compilation).GetRunResult().Results.Single();
        var checkedValues = 0;
        foreach (var (name, steps) in result.TrackedSteps)
        {
            // Roslyn's own steps (and the syntax provider's first one) carry syntax; ours must not.
            if (!s_ourSteps.Contains(name)) continue;
            foreach (var (value, _) in steps.SelectMany(s => s.Outputs))
            {
                WalkValue(value, name, new HashSet<object>(ReferenceEqualityComparer.Instance));
                checkedValues++;
            }
        }

        Assert.True(checkedValues > 10, $"only {checkedValues} cached values were checked");
    }

    [Theory]
    [InlineData(nameof(Sources.SyncMethods))]
    [InlineData(nameof(Sources.GenAI))]
    public void Equal_inputs_give_equal_specs(string sourceName)
    {
        var source = (string)typeof(Sources).GetField(sourceName)!.GetValue(null)!;
        var first = GeneratorHarness.CreateDriver().RunGenerators(GeneratorHarness.CreateCompilation(source)).GetRunResult().Results.Single();
        var second = GeneratorHarness.CreateDriver().RunGenerators(GeneratorHarness.CreateCompilation(source)).GetRunResult().Results.Single();
        var a = first.TrackedSteps["Interceptors"].SelectMany(s => s.Outputs).Select(o => o.Value).ToList();
        var b = second.TrackedSteps["Interceptors"].SelectMany(s => s.Outputs).Select(o => o.Value).ToList();
        Assert.NotEmpty(a);
        Assert.Equal(a, b);
        Assert.All(a.Zip(b), pair => Assert.NotSame(pair.First, pair.Second));
    }

    private static void Walk(Type type, HashSet<Type> seen, string path)
    {
        if (!seen.Add(type) || type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal)) return;
        Assert.False(s_forbidden.Any(f => f.IsAssignableFrom(type)), $"{path} is a {type}");
        if (type.IsGenericType)
        {
            foreach (var argument in type.GetGenericArguments()) Walk(argument, seen, path + "<" + argument.Name + ">");
        }

        foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            var fieldType = field.FieldType.IsArray ? field.FieldType.GetElementType()! : field.FieldType;
            Assert.True(fieldType == typeof(string) || fieldType.IsValueType || fieldType.IsSealed, $"{path}.{field.Name} is an unsealed {fieldType}: a subclass could hide anything");
            Walk(fieldType, seen, path + "." + field.Name);
        }
    }

    private static void WalkValue(object? value, string path, HashSet<object> seen)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum) return;
        if (!value.GetType().IsValueType && !seen.Add(value)) return;
        Assert.False(s_forbidden.Any(f => f.IsInstanceOfType(value)), $"{path} holds a {value.GetType()}");
        if (value is System.Collections.IEnumerable items)
        {
            foreach (var item in items) WalkValue(item, path + "[]", seen);
        }

        foreach (var field in value.GetType().GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            WalkValue(field.GetValue(value), path + "." + field.Name, seen);
        }
    }
}
