namespace NumAgents.Instrumentation.Analyzers.Tests.Infrastructure;

/// <summary>
/// Test-only declarations of the instrumentation attributes, which the generator branch is still building,
/// with the shapes pinned in the shared context. Everything else (MetricsCollector, Labels, Tracer, Span,
/// Node, AsyncNode) comes from the real runtime assembly. When the attributes land in the runtime, this file
/// goes and the references use the runtime alone.
/// </summary>
internal static class RuntimeStubs
{
    public const string AssemblyName = "NumAgents.Instrumentation.Stubs";

    public const string Source = """
        using System;

        namespace NumAgents.Instrumentation
        {
            [AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, Inherited = false)]
            public sealed class TracedAttribute : Attribute
            {
                public TracedAttribute() { }
                public TracedAttribute(string name) { Name = name; }
                public string? Name { get; set; }
                public string? Description { get; set; }
                public string[]? ExtraLabels { get; set; }
            }

            [AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, Inherited = false)]
            public sealed class TimedAttribute : Attribute
            {
                public TimedAttribute() { }
                public TimedAttribute(string name) { Name = name; }
                public string? Name { get; set; }
                public string? Description { get; set; }
                public string[]? ExtraLabels { get; set; }
                public double[]? Buckets { get; set; }
            }

            [AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, Inherited = false)]
            public sealed class CountedAttribute : Attribute
            {
                public CountedAttribute() { }
                public CountedAttribute(string name) { Name = name; }
                public string? Name { get; set; }
                public string? Description { get; set; }
                public string[]? ExtraLabels { get; set; }
                public bool RecordFailuresOnly { get; set; }
            }

            [AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property)]
            public sealed class LabelAttribute : Attribute
            {
                public LabelAttribute() { }
                public LabelAttribute(string name) { Name = name; }
                public string? Name { get; set; }
            }
        }
        """;
}
