using Microsoft.CodeAnalysis.Testing;
using NumAgents.Instrumentation.Analyzers.CodeFixes.Rules;
using NumAgents.Instrumentation.Analyzers.Rules;
using NumAgents.Instrumentation.Analyzers.Tests.Infrastructure;

namespace NumAgents.Instrumentation.Analyzers.Tests.Rules;

/// <summary>NAI0011: timers and spans that are never disposed, and the fix that adds <c>using</c>.</summary>
public sealed class ScopeDisposalTests
{
    [Fact]
    public async Task Dropped_or_never_disposed_timers_and_spans_are_reported()
    {
        const string source = """
            using NumAgents.Instrumentation;

            class Work
            {
                void Run(MetricsCollector m, Tracer tracer, HistogramHandle handle)
                {
                    {|#0:m.Timer("work.duration")|};
                    _ = {|#1:tracer.Span("work.step")|};
                    var span = {|#2:tracer.StartSpan("work.manual")|};
                    span.SetAttribute("step", "one");
                    var timer = {|#3:m.StartTimer(handle)|};
                    var elapsed = timer.Elapsed;
                    {|#4:tracer.Span("work.chained").SetAttribute("k", "v").AddEvent("e")|};
                    var events = {|#5:tracer.Span("work.events")|};
                    events.SetAttribute("k", "v").AddEvent("e");
                }
            }
            """;

        await Verify<ScopeDisposalAnalyzer>.AnalyzerAsync(
            source,
            Expect(0, "timer", "Timer", "its duration is never recorded"),
            Expect(1, "span", "Span", "it never ends and stays the current span, so later spans become its children"),
            Expect(2, "span", "StartSpan", "it never ends, so it is never exported and its trace is never complete"),
            Expect(3, "timer", "StartTimer", "its duration is never recorded"),
            Expect(4, "span", "Span", "it never ends and stays the current span, so later spans become its children"),
            Expect(5, "span", "Span", "it never ends and stays the current span, so later spans become its children"));
    }

    [Fact]
    public async Task Disposed_ended_returned_or_handed_on_results_stay_silent()
    {
        const string source = """
            using System;
            using System.Collections.Generic;
            using NumAgents.Instrumentation;

            class Work
            {
                private Span? _kept;

                void Run(MetricsCollector m, Tracer tracer, List<IDisposable> scopes)
                {
                    using (m.Timer("a.duration")) { }
                    using var timer = m.Timer("b.duration");
                    using (var span = tracer.Span("c.step")) { span.SetAttribute("k", "v"); }
                    var manual = tracer.StartSpan("d.manual");
                    tracer.FinishSpan(manual);
                    var ended = tracer.StartSpan("e.ended");
                    ended.Finish(SpanStatus.Ok);
                    var disposed = tracer.Span("f.step");
                    disposed.Dispose();
                    _kept = tracer.Span("g.kept");
                    scopes.Add(m.Timer("h.duration"));
                    m.Timer("i.duration").Dispose();
                    var captured = tracer.Span("j.captured");
                    Action later = () => captured.Dispose();
                    using var chained = tracer.Span("m.chained").SetAttribute("k", "v");
                    var fluent = tracer.Span("n.fluent");
                    fluent.SetAttribute("k", "v").Dispose();
                }

                Span Start(Tracer tracer) => tracer.Span("k.returned");

                MetricTimer Time(MetricsCollector m)
                {
                    var timer = m.Timer("l.duration");
                    return timer;
                }
            }
            """;

        await Verify<ScopeDisposalAnalyzer>.AnalyzerAsync(source);
    }

    [Fact]
    public async Task Fix_adds_using_with_a_free_name_and_fix_all_names_each_scope_once()
    {
        const string source = """
            using NumAgents.Instrumentation;

            class Work
            {
                void Run(MetricsCollector m, Tracer tracer, int timer)
                {
                    {|#0:m.Timer("work.duration")|};
                    _ = {|#1:m.Timer("work.other")|};
                    {|#2:tracer.Span("work.step")|};
                    var step = {|#3:tracer.Span("work.second")|};
                    step.SetAttribute("n", "2");
                    if (timer > 0)
                    {
                        {|#4:tracer.Span("work.nested")|};
                    }

                    {|#5:tracer.Span("work.chained").SetAttribute("k", "v")|};
                }
            }
            """;

        const string fixedSource = """
            using NumAgents.Instrumentation;

            class Work
            {
                void Run(MetricsCollector m, Tracer tracer, int timer)
                {
                    using var timer2 = m.Timer("work.duration");
                    using var timer3 = m.Timer("work.other");
                    using var span = tracer.Span("work.step");
                    using var step = tracer.Span("work.second");
                    step.SetAttribute("n", "2");
                    if (timer > 0)
                    {
                        using var span2 = tracer.Span("work.nested");
                    }

                    using var span3 = tracer.Span("work.chained").SetAttribute("k", "v");
                }
            }
            """;

        await Verify<ScopeDisposalAnalyzer>.FixAsync<AddUsingFixer>(
            source,
            fixedSource,
            Expect(0, "timer", "Timer", "its duration is never recorded"),
            Expect(1, "timer", "Timer", "its duration is never recorded"),
            Expect(2, "span", "Span", "it never ends and stays the current span, so later spans become its children"),
            Expect(3, "span", "Span", "it never ends and stays the current span, so later spans become its children"),
            Expect(4, "span", "Span", "it never ends and stays the current span, so later spans become its children"),
            Expect(5, "span", "Span", "it never ends and stays the current span, so later spans become its children"));
    }

    [Fact]
    public async Task Fix_is_not_offered_where_a_using_declaration_cannot_go()
    {
        const string source = """
            using NumAgents.Instrumentation;

            class Work
            {
                void Run(MetricsCollector m, Tracer tracer, int kind)
                {
                    if (kind > 0) {|#0:m.Timer("work.duration")|};
                    switch (kind)
                    {
                        case 1:
                            {|#1:tracer.Span("work.case")|};
                            break;
                    }

                    tracer.Span("work.chained").Finish();
                    Span held = {|#3:tracer.Span("work.held")|}, other = tracer.Span("work.other");
                    other.Dispose();
                }
            }
            """;

        await Verify<ScopeDisposalAnalyzer>.FixAsync<AddUsingFixer>(
            source,
            source,
            Expect(0, "timer", "Timer", "its duration is never recorded"),
            Expect(1, "span", "Span", "it never ends and stays the current span, so later spans become its children"),
            Expect(3, "span", "Span", "it never ends and stays the current span, so later spans become its children"));
    }

    private static DiagnosticResult Expect(int location, string what, string method, string consequence)
        => new DiagnosticResult(ScopeDisposalAnalyzer.Rule).WithLocation(location).WithArguments(what, method, consequence);
}
