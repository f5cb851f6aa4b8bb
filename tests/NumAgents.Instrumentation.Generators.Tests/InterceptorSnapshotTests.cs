using NumAgents.Instrumentation.Generators.Tests.Infrastructure;

namespace NumAgents.Instrumentation.Generators.Tests;

/// <summary>The generated interceptor of every method shape, compared with its checked-in baseline.</summary>
public sealed class InterceptorSnapshotTests
{
    [Fact]
    public void Sync_instance_static_and_void_methods_with_labels_and_every_argument_form()
    {
        AssertSnapshots(Sources.SyncMethods, expectedLocations: 8);
    }

    [Fact]
    public void Task_ValueTask_and_async_enumerable_methods()
    {
        AssertSnapshots(Sources.AsyncMethods, expectedLocations: 6);
    }

    [Fact]
    public void Generic_methods_and_methods_of_generic_types()
    {
        AssertSnapshots(Sources.GenericMethods, expectedLocations: 6);
    }

    [Fact]
    public void Extension_and_interface_methods()
    {
        AssertSnapshots(Sources.ExtensionAndInterfaceMethods, expectedLocations: 4);
    }

    [Fact]
    public void By_reference_parameters_and_struct_receivers()
    {
        AssertSnapshots(Sources.ByReference, expectedLocations: 4);
    }

    [Fact]
    public void Calls_that_cannot_or_must_not_be_intercepted_are_left_alone()
    {
        // One direct call is intercepted; base calls, method groups, delegates, expression trees,
        // nameof and a virtual call through the base (attribute only on the override) are not.
        AssertSnapshots(Sources.NotIntercepted, expectedLocations: 2);
    }

    [Fact]
    public void Struct_receivers_are_taken_by_ref_or_in_as_the_compiler_passes_this()
    {
        // Every call but the constrained one through a type parameter (NAI0017).
        AssertSnapshots(Sources.StructReceivers, expectedLocations: 26);
    }

    [Fact]
    public void Keyword_identifiers_are_escaped_and_labels_keep_plain_names()
    {
        // The node's override is compared too: every generated file of the source is.
        AssertSnapshots(Sources.Keywords, expectedLocations: 3);
    }

    [Fact]
    public void Awaitables_are_called_synchronously_and_awaited_apart()
    {
        AssertSnapshots(Sources.Awaitables, expectedLocations: 18);
    }

    private static void AssertSnapshots(string source, int expectedLocations)
    {
        var run = GeneratorHarness.Run(source);
        Assert.Null(run.GeneratorException);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.NotEmpty(run.Sources);
        var locations = 0;
        foreach (var generated in run.Sources)
        {
            var text = generated.SourceText.ToString();
            locations += text.Split("[global::System.Runtime.CompilerServices.InterceptsLocation(").Length - 1;
            Snapshot.Match(generated.HintName, text);
        }

        Assert.Equal(expectedLocations, locations);

        // The interceptors compile warning-free with the calls they replace.
        Assert.Empty(run.CompilationProblems());
    }
}
