using System.Diagnostics;
using CsCheck;
using NumAgents.Instrumentation.Tests.Reliability;

namespace NumAgents.Instrumentation.Tests.Tracing;

/// <summary>
/// Once a span ends, <see cref="Activity.Current"/> (and our current span) is exactly what it was before the
/// span started (issue 11): with no listener, with the tracer collecting another library's activities
/// (carrier activities), and with a listener on our source (what the OpenTelemetry SDK is); in sync and
/// async code; when exceptions cross the spans. A property test runs random nestings of our spans, detached
/// spans and another library's activities. Runs alone: a listener on our source is process-wide.
/// </summary>
[Collection(GlobalActivityListenerCollection.Name)]
public sealed class ActivityCurrentRestorationTests
{
    public enum Mode
    {
        NoListener,
        Collecting,
        Published,
    }

    [Theory]
    [InlineData(Mode.NoListener)]
    [InlineData(Mode.Collecting)]
    [InlineData(Mode.Published)]
    public void Random_nestings_of_our_spans_and_foreign_activities_restore_what_was_current(Mode mode)
    {
        using var world = new World(mode);
        Gen.Int[0, 6].Array[1, 24].Sample(program =>
        {
            var position = 0;
            var before = Activity.Current;
            var beforeSpan = world.Tracer.CurrentSpan;
            world.RunAsync(program, ref position, depth: 0).AsTask().GetAwaiter().GetResult();
            Assert.Same(before, Activity.Current);
            Assert.Same(beforeSpan, world.Tracer.CurrentSpan);
        }, iter: 300);
    }

    [Theory]
    [InlineData(Mode.NoListener)]
    [InlineData(Mode.Collecting)]
    [InlineData(Mode.Published)]
    public async Task A_span_that_ends_on_another_flow_leaves_that_flows_current_activity_alone(Mode mode)
    {
        using var world = new World(mode);
        using var other = world.Foreign.StartActivity("other flow's activity");
        var otherActivity = Activity.Current;
        var before = Activity.Current;

        // Current only on the flow of the Task.Run delegate, which ends with it.
        var span = await Task.Run(() => world.Tracer.Span("started elsewhere"));
        Assert.Same(before, Activity.Current);
        span.Dispose();
        Assert.Same(otherActivity, Activity.Current);
    }

    [Theory]
    [InlineData(Mode.NoListener)]
    [InlineData(Mode.Collecting)]
    [InlineData(Mode.Published)]
    public void A_detached_span_never_becomes_current_and_ending_it_changes_nothing(Mode mode)
    {
        using var world = new World(mode);
        using var outer = world.Tracer.Span("outer");
        var current = Activity.Current;
        var detached = world.Tracer.StartSpan("detached");
        Assert.Same(current, Activity.Current);
        Assert.Same(outer, world.Tracer.CurrentSpan);
        using (var inner = world.Tracer.Span("inner"))
        {
            detached.Finish();
            Assert.Same(inner, world.Tracer.CurrentSpan);
        }

        Assert.Same(current, Activity.Current);
        Assert.Equal(outer.SpanId, detached.ParentSpanId);
    }

    /// <summary>The tracer, another library's source and the listeners of one mode.</summary>
    private sealed class World : IDisposable
    {
        private readonly ActivityListener _foreignListener;
        private readonly ActivityListener? _ourListener;

        public World(Mode mode)
        {
            var name = "Test.Restore." + Guid.NewGuid().ToString("N");
            Foreign = new ActivitySource(name);

            // The other library's activities exist because its own listener (an application's) samples them.
            _foreignListener = new ActivityListener
            {
                ShouldListenTo = source => ReferenceEquals(source, Foreign),
                Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            };
            ActivitySource.AddActivityListener(_foreignListener);
            if (mode == Mode.Published)
            {
                _ourListener = new ActivityListener
                {
                    ShouldListenTo = static source => source.Name == Tracer.ActivitySourceName,
                    Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                };
                ActivitySource.AddActivityListener(_ourListener);
            }

            Tracer = new Tracer(new TracingOptions { CollectedActivitySources = mode == Mode.Collecting ? [name] : [] });
        }

        public ActivitySource Foreign { get; }

        public Tracer Tracer { get; }

        /// <summary>Interprets <paramref name="program"/> as a tree: 0 our span, 1 foreign activity, 2 detached span, 3 await, 4 throw and catch, 5 end of block, 6 our span via StartTrace.</summary>
        public async ValueTask RunAsync(int[] program, int position, int depth)
        {
            var cursor = position;
            await RunAsync(program, ref cursor, depth);
        }

        public ValueTask RunAsync(int[] program, ref int position, int depth)
        {
            var tasks = new List<Func<ValueTask>>();
            while (position < program.Length)
            {
                var op = program[position++];
                if (op == 5 || depth > 6) break;
                var start = position;
                SkipBlock(program, ref position);
                var body = program[start..position];
                tasks.Add(() => Step(op, body, depth));
            }

            return Sequence(tasks);
        }

        public void Dispose()
        {
            _ourListener?.Dispose();
            _foreignListener.Dispose();
            Foreign.Dispose();
        }

        private static async ValueTask Sequence(List<Func<ValueTask>> steps)
        {
            foreach (var step in steps) await step();
        }

        private static void SkipBlock(int[] program, ref int position)
        {
            var open = 1;
            while (position < program.Length && open > 0)
            {
                var op = program[position++];
                if (op == 5) open--;
                else open++;
            }
        }

        private async ValueTask Step(int op, int[] body, int depth)
        {
            var before = Activity.Current;
            var beforeSpan = Tracer.CurrentSpan;
            switch (op)
            {
                case 0:
                    using (Tracer.Span("ours"))
                    {
                        await Body(body, depth);
                    }

                    break;
                case 1:
                    using (Foreign.StartActivity("foreign"))
                    {
                        await Body(body, depth);
                    }

                    break;
                case 2:
                    var detached = Tracer.StartSpan("detached");
                    await Body(body, depth);
                    detached.Finish();
                    break;
                case 3:
                    await Task.Yield();
                    await Body(body, depth);
                    break;
                case 4:
                    try
                    {
                        using (Tracer.Span("fails"))
                        {
                            await Body(body, depth);
                            throw new InvalidOperationException("inside");
                        }
                    }
                    catch (InvalidOperationException)
                    {
                    }

                    break;
                default:
                    Tracer.StartTrace("anchored");
                    using (Tracer.Span("anchored root"))
                    {
                        await Body(body, depth);
                    }

                    break;
            }

            // StartTrace makes later spans roots of a new trace for the rest of its flow (by design); that flow
            // ends with this step, which the caller's check covers.
            if (op == 6) return;
            Assert.Same(before, Activity.Current);
            Assert.Same(beforeSpan, Tracer.CurrentSpan);
        }

        private ValueTask Body(int[] body, int depth) => RunAsync(body, 0, depth + 1);
    }
}
