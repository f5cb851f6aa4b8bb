namespace NumAgents.Instrumentation.Benchmarks.Generated;

/// <summary>A method instrumented by the source generator: calls to it are intercepted.</summary>
public sealed class Calculator
{
    [Traced, Timed, Counted]
    public int Add(int a, int b) => a + b;
}
