using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;
using NumAgents.Instrumentation.Analyzers.Rules;
using NumAgents.Instrumentation.Analyzers.Tests.Infrastructure;

namespace NumAgents.Instrumentation.Analyzers.Tests.Rules;

/// <summary>NAI0015: a language version or a missing InterceptorsNamespaces entry that keeps the generator from instrumenting.</summary>
public sealed class ProjectSetupTests
{
    private const string InterceptorsReason =
        "calls are intercepted only in a project that lists 'NumAgents.Instrumentation.Generated' in the MSBuild property InterceptorsNamespaces; "
        + "add <InterceptorsNamespaces>$(InterceptorsNamespaces);NumAgents.Instrumentation.Generated</InterceptorsNamespaces> "
        + "(the NumAgents.Instrumentation package does, a ProjectReference to the generator does not)";

    private const string Source = """
        using System;
        using NumAgents.Core;
        using NumAgents.Instrumentation;

        public class Service
        {
            [{|#0:Traced|}, Counted] public void Run() { }
            [{|#1:Timed|}] public static int Twice(int x) => x * 2;

            // Never called here: nothing to intercept in this project.
            [Traced] public void NeverCalled() { }

            // Never interceptable: NAI0010's business, not this rule's.
            [Traced] private void Hidden() { }

            public int Caller()
            {
                Run();
                Run();
                Hidden();
                Action group = NeverCalled;
                return Twice(2);
            }
        }

        [{|#2:Traced|}]
        public partial class LoadNode : Node
        {
            protected override NodeResult Exec(SharedStore shared) => new NodeResult();
        }
        """;

    [Fact]
    public async Task Without_the_interceptors_opt_in_called_methods_are_reported_on_their_attribute_and_nodes_are_not()
    {
        await Verify<ProjectSetupAnalyzer>.AnalyzerAsync(
            Source,
            new Verify<ProjectSetupAnalyzer>.Options { ParseOptions = Options(LanguageVersion.CSharp13) },
            NotEnabled(0, "Service.Run", InterceptorsReason),
            NotEnabled(1, "Service.Twice", InterceptorsReason));
    }

    [Fact]
    public async Task A_list_without_our_namespace_is_no_opt_in()
    {
        await Verify<ProjectSetupAnalyzer>.AnalyzerAsync(
            Source,
            new Verify<ProjectSetupAnalyzer>.Options { ParseOptions = Options(LanguageVersion.CSharp13, "Other.Generated; NumAgents.Instrumentation") },
            NotEnabled(0, "Service.Run", InterceptorsReason),
            NotEnabled(1, "Service.Twice", InterceptorsReason));
    }

    [Theory]
    [InlineData("InterceptorsNamespaces", "NumAgents.Instrumentation.Generated")]
    [InlineData("InterceptorsNamespaces", "Other.Generated; NumAgents.Instrumentation.Generated ;")]
    [InlineData("InterceptorsPreviewNamespaces", "NumAgents.Instrumentation.Generated")]
    public async Task With_the_opt_in_nothing_is_reported(string feature, string value)
    {
        var options = new CSharpParseOptions(LanguageVersion.CSharp13).WithFeatures([new KeyValuePair<string, string>(feature, value)]);
        await Verify<ProjectSetupAnalyzer>.AnalyzerAsync(Source, new Verify<ProjectSetupAnalyzer>.Options { ParseOptions = options });
    }

    [Fact]
    public async Task Below_CSharp_12_node_classes_and_called_methods_are_reported_even_with_the_opt_in()
    {
        const string reason = "the project compiles C# 11.0 and generated instrumentation needs C# 12.0 or later; raise <LangVersion>";
        await Verify<ProjectSetupAnalyzer>.AnalyzerAsync(
            Source,
            new Verify<ProjectSetupAnalyzer>.Options { ParseOptions = Options(LanguageVersion.CSharp11, "NumAgents.Instrumentation.Generated") },
            NotEnabled(0, "Service.Run", reason),
            NotEnabled(1, "Service.Twice", reason),
            NotEnabled(2, "LoadNode", reason));
    }

    [Fact]
    public async Task A_method_from_a_referenced_assembly_is_reported_on_its_first_call_here()
    {
        const string library = """
            using NumAgents.Instrumentation;

            public static class Library
            {
                [Traced] public static int Work(int x) => x;
            }
            """;

        const string source = """
            public static class Consumer
            {
                public static int Run() => {|#0:Library.Work(1)|} + Library.Work(2);
                public static int Later() => Library.Work(3);
            }
            """;

        await Verify<ProjectSetupAnalyzer>.AnalyzerAsync(
            source,
            new Verify<ProjectSetupAnalyzer>.Options { ParseOptions = Options(LanguageVersion.CSharp13), LibrarySource = library },
            NotEnabled(0, "Library.Work", InterceptorsReason));
    }

    private static CSharpParseOptions Options(LanguageVersion version, string? interceptorsNamespaces = null)
    {
        var options = new CSharpParseOptions(version);
        return interceptorsNamespaces is null ? options : options.WithFeatures([new KeyValuePair<string, string>("InterceptorsNamespaces", interceptorsNamespaces)]);
    }

    private static DiagnosticResult NotEnabled(int location, string member, string reason)
        => new DiagnosticResult(ProjectSetupAnalyzer.NotEnabledRule).WithLocation(location).WithArguments(member, reason);
}
