using Microsoft.CodeAnalysis;
using NumAgents.Instrumentation.Generators.Tests.Infrastructure;

namespace NumAgents.Instrumentation.Generators.Tests.Robustness;

/// <summary>
/// The generator over a corpus of unusual and broken sources: it never fails (no exception, so no
/// CS8785, and no diagnostics of its own: the analyzers report misuse), and whatever compiles without
/// it compiles with it, with no new error or warning. Every analyzer runs over the same sources, with and
/// without the generated code, and never throws (no AD0001).
/// </summary>
public sealed class GeneratorCorpusTests
{
    public static TheoryData<string> Corpus => [.. GeneratorCorpus.All.Keys];

    [Fact]
    public void The_corpus_holds_at_least_a_hundred_sources()
        => Assert.True(GeneratorCorpus.All.Count >= 100, $"only {GeneratorCorpus.All.Count} sources");

    /// <summary>The comparison above only bites where code is generated into a clean compilation: these must be such cases.</summary>
    [Theory]
    [InlineData("node: partial node, all three")]
    [InlineData("node: split across files, named")]
    [InlineData("node: async node, buckets and extra labels")]
    [InlineData("node: derived node with labels, counted")]
    [InlineData("method: ref out in params")]
    [InlineData("method: IAsyncEnumerable")]
    [InlineData("shape: struct: readonly member of a mutable struct")]
    [InlineData("shape: struct: readonly struct, record structs")]
    [InlineData("shape: struct: ref struct members and awaitables")]
    [InlineData("shape: struct: generic struct and this ref / this in extensions")]
    [InlineData("shape: struct: every kind of storage")]
    [InlineData("shape: struct: implementing an interface, called directly and through it")]
    [InlineData("shape: keywords: namespace, containing type, node, label")]
    [InlineData("shape: keywords: methods, parameters, type parameters")]
    [InlineData("shape: keywords: generated names as user names")]
    [InlineData("shape: names that read alike in a file name")]
    [InlineData("shape: object's member names and constraints")]
    [InlineData("shape: awaitables: synchronous throws")]
    [InlineData("shape: awaitables: faulted, pending, null, by reference")]
    [InlineData("shape: real code CS9159: nullable-analysis attributes on parameters")]
    [InlineData("shape: real code CS8601: generic out parameter with MaybeNullWhen")]
    [InlineData("shape: real code CS8602: a nullable task that is null")]
    [InlineData("shape: real code CS9154: in and ref readonly parameters of virtual members")]
    [InlineData("shape: real code experimental APIs")]
    [InlineData("node: partial node, agent")]
    [InlineData("node: async node, GenAI with the three")]
    [InlineData("node: derived node with labels, retrieval")]
    [InlineData("method: GenAI methods and results that carry usage")]
    [InlineData("method: LLM calls whose results carry no usage")]
    public void Valid_shapes_of_the_corpus_get_code_that_compiles_cleanly(string name)
    {
        var compilation = GeneratorHarness.CreateCompilation(GeneratorCorpus.All[name]);
        Assert.DoesNotContain(Problems(compilation), d => d.Severity == DiagnosticSeverity.Error);
        var run = GeneratorHarness.Run(compilation);
        Assert.NotEmpty(run.HintNames);
        Assert.Empty(run.CompilationProblems());
    }

    /// <summary>
    /// The shapes that once broke a build must get code, or the comparison below would pass by generating none
    /// (two of them warn in the user's own code, CS0618 and CS3001-CS3009, so the clean-compile list above leaves them out).
    /// </summary>
    [Fact]
    public void Every_shape_that_once_broke_a_build_gets_code()
    {
        var shapes = GeneratorCorpus.All.Where(c => c.Key.StartsWith("shape: ", StringComparison.Ordinal)).ToList();
        Assert.True(shapes.Count >= 20, $"only {shapes.Count} shapes");
        foreach (var (name, sources) in shapes)
        {
            var run = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(sources));
            Assert.True(run.HintNames.Count > 0, name + ": nothing was generated");
        }
    }

    [Theory]
    [MemberData(nameof(Corpus))]
    public void The_generator_never_fails_and_never_breaks_code_that_compiles_without_it(string name)
    {
        var compilation = GeneratorHarness.CreateCompilation(GeneratorCorpus.All[name]);
        var run = GeneratorHarness.Run(compilation);

        Assert.Null(run.GeneratorException);
        Assert.Empty(run.GeneratorDiagnostics);
        var problems = run.CompilationProblems();
        Assert.DoesNotContain(problems, d => d.Id is "CS8785" or "AD0001");

        var without = Problems(compilation);
        if (without.Any(d => d.Severity == DiagnosticSeverity.Error)) return;

        // Compare by id and place: the generated code may not add any error or warning.
        var before = without.Select(Key).ToHashSet(StringComparer.Ordinal);
        var added = problems.Where(d => !before.Contains(Key(d))).ToList();
        Assert.True(added.Count == 0, $"{name}: the generated code added\n{string.Join("\n", added)}\n\n{string.Join("\n\n", run.Sources.Select(s => s.SourceText.ToString()))}");
    }

    [Theory]
    [MemberData(nameof(Corpus))]
    public async Task The_analyzers_never_throw_with_or_without_the_generated_code(string name)
    {
        var compilation = GeneratorHarness.CreateCompilation(GeneratorCorpus.All[name]);
        var run = GeneratorHarness.Run(compilation);
        foreach (var (what, target) in new[] { ("source", (Compilation)compilation), ("source and generated code", run.Output) })
        {
            var analyzers = await AnalyzerHarness.RunAsync(target);
            Assert.True(analyzers.Failures.Count == 0, $"{name}, {what}: an analyzer failed\n{string.Join("\n\n", analyzers.Failures)}");
        }
    }

    [Fact]
    public async Task The_check_sees_an_analyzer_that_throws_and_runs_every_analyzer()
    {
        var compilation = GeneratorHarness.CreateCompilation(GeneratorCorpus.All["method: instance method"]);
        var run = await AnalyzerHarness.RunAsync(compilation, [new ThrowingAnalyzer()]);
        Assert.Contains(run.Failures, f => f.Contains(nameof(ThrowingAnalyzer), StringComparison.Ordinal));

        // Every rule of RuleIdentifiers is among those the corpus runs.
        var ids = typeof(NumAgents.Instrumentation.Analyzers.RuleIdentifiers).GetFields()
            .Where(f => f.IsLiteral && ((string)f.GetRawConstantValue()!).StartsWith("NAI", StringComparison.Ordinal))
            .Select(f => (string)f.GetRawConstantValue()!);
        Assert.Superset(ids.ToHashSet(), AnalyzerHarness.All.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).ToHashSet());
    }

    [Fact]
    public async Task The_analyzers_never_throw_without_the_interceptors_opt_in_or_below_CSharp_12()
    {
        // NAI0015 only does work in such projects; the whole corpus goes through it once each way.
        foreach (var options in new[] { GeneratorHarness.ParseOptionsWithoutInterceptors, GeneratorHarness.ParseOptions.WithLanguageVersion(Microsoft.CodeAnalysis.CSharp.LanguageVersion.CSharp11) })
        {
            foreach (var (name, sources) in GeneratorCorpus.All)
            {
                var analyzers = await AnalyzerHarness.RunAsync(GeneratorHarness.CreateCompilation(sources, options));
                Assert.True(analyzers.Failures.Count == 0, $"{name}, C# {options.LanguageVersion}: an analyzer failed\n{string.Join("\n\n", analyzers.Failures)}");
            }
        }
    }

    private static List<Diagnostic> Problems(Compilation compilation)
    {
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        return [.. compilation.GetDiagnostics().Concat(emitted.Diagnostics).Where(d => d.Severity >= DiagnosticSeverity.Warning).Distinct()];
    }

    private static string Key(Diagnostic diagnostic) => diagnostic.Id + "@" + diagnostic.Location.GetLineSpan();
}
