using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.ExceptionServices;

namespace NumAgents.Instrumentation.Benchmarks.Generated;

/// <summary>
/// Runtime interception, the way AOP libraries do it without a compiler: a DispatchProxy that wraps
/// every interface call in a span, a timer and a counter against our runtime. Instruments are cached
/// per method (a dictionary lookup per call); the call itself goes through reflection.
/// </summary>
public class InstrumentingProxy : DispatchProxy
{
    private readonly ConcurrentDictionary<MethodInfo, Instruments> _instruments = new();
    private object _target = null!;
    private AgentMonitor _monitor = null!;

    public static T Create<T>(T target, AgentMonitor monitor)
        where T : class
    {
        var proxy = Create<T, InstrumentingProxy>();
        var instrumenting = (InstrumentingProxy)(object)proxy;
        instrumenting._target = target;
        instrumenting._monitor = monitor;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        var instruments = _instruments.GetOrAdd(targetMethod, static (method, monitor) => new Instruments(method, monitor), _monitor);
        var clock = _monitor.Options.TimeProvider;
        var start = clock.GetTimestamp();
        var span = _monitor.Tracer.StartGenerated(instruments.SpanName, start);
        span.SetAttribute("class", instruments.ClassName);
        span.SetAttribute("method", targetMethod.Name);
        try
        {
            var result = targetMethod.Invoke(_target, args);
            var end = clock.GetTimestamp();
            instruments.Duration.Record(clock.GetElapsedTime(start, end).TotalMilliseconds);
            instruments.Succeeded.Increment();
            span.EndAt(SpanStatus.Ok, end);
            return result;
        }
        catch (TargetInvocationException wrapped) when (wrapped.InnerException is { } exception)
        {
            span.RecordException(exception);
            span.EndAt(SpanStatus.Error, clock.GetTimestamp());
            ExceptionDispatchInfo.Throw(exception);
            throw;
        }
    }

    private sealed class Instruments(MethodInfo method, AgentMonitor monitor)
    {
        public string ClassName { get; } = method.DeclaringType!.Name;

        public string SpanName { get; } = method.DeclaringType!.Name + "." + method.Name;

        public HistogramHandle Duration { get; } = monitor.Metrics.GetTimer("method.duration", [("class", method.DeclaringType!.Name), ("method", method.Name)]);

        public CounterHandle Succeeded { get; } = monitor.Metrics.GetCounter("method.invocations", [("class", method.DeclaringType!.Name), ("method", method.Name), ("outcome", "success")]);
    }
}
