namespace NumAgents.Instrumentation.Analyzers.Tests.Infrastructure;

/// <summary>
/// Test-only declarations of the runtime types other branches are still building, with the shapes pinned
/// in the shared context (attributes, Node/AsyncNode with their seam members, Tracer/Span). They are
/// compiled into their own assembly, as the runtime would be, so "declared in another assembly" rules see
/// what users see. MetricsCollector and Labels come from the real runtime assembly.
/// </summary>
internal static class RuntimeStubs
{
    public const string AssemblyName = "NumAgents.Instrumentation.Stubs";

    public const string Source = """
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;

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

            public enum SpanStatus { Unset, Ok, Error }

            public enum SpanKind { Internal, Server, Client, Producer, Consumer }

            public sealed class Span : IDisposable
            {
                public string Name { get; } = "";
                public bool IsRecording => true;
                public void SetAttribute(string key, object? value) { }
                public void AddEvent(string name, IReadOnlyDictionary<string, object?>? attributes = null) { }
                public void RecordException(Exception exception) { }
                public void Finish(SpanStatus status = SpanStatus.Ok, string? error = null) { }
                public void End(SpanStatus status, string? error, long endTimestamp) { }
                public void Dispose() { }
            }

            public sealed class Tracer
            {
                public bool IsEnabled => true;
                public Span? CurrentSpan => null;
                public string StartTrace(string name) => "";
                public Span Span(string name, IReadOnlyDictionary<string, object?>? attributes = null) => new Span();
                public Span StartSpan(string name, string? traceId = null, string? parentSpanId = null, IReadOnlyDictionary<string, object?>? attributes = null) => new Span();
                public Span StartActiveSpan(string name, long startTimestamp, SpanKind kind = SpanKind.Internal) => new Span();
                public void FinishSpan(Span span, SpanStatus status = SpanStatus.Ok, string? error = null) { }
            }
        }

        namespace NumAgents.Core
        {
            public sealed class SharedStore
            {
                public void Set(string key, object? value) { }
            }

            public class NodeResult : Dictionary<string, object?> { }

            public abstract class Node
            {
                protected Node(string? name = null) { Name = name ?? GetType().Name; }
                public string Name { get; }
                protected abstract NodeResult Exec(SharedStore shared);
                public NodeResult Run(SharedStore shared) => InvokeNode(shared);
                public Task<NodeResult> RunAsync(SharedStore shared, CancellationToken cancellationToken = default) => InvokeNodeAsync(shared, cancellationToken);
                protected virtual NodeResult InvokeNode(SharedStore shared) => Exec(shared);
                protected virtual Task<NodeResult> InvokeNodeAsync(SharedStore shared, CancellationToken cancellationToken) => Task.FromResult(InvokeNode(shared));
            }

            public abstract class AsyncNode : Node
            {
                protected AsyncNode(string? name = null) : base(name) { }
                protected abstract Task<NodeResult> ExecAsync(SharedStore shared, CancellationToken cancellationToken);
                protected sealed override NodeResult Exec(SharedStore shared) => ExecAsync(shared, default).GetAwaiter().GetResult();
                protected sealed override NodeResult InvokeNode(SharedStore shared) => InvokeNodeAsync(shared, default).GetAwaiter().GetResult();
                protected override Task<NodeResult> InvokeNodeAsync(SharedStore shared, CancellationToken cancellationToken) => ExecAsync(shared, cancellationToken);
            }
        }
        """;
}
