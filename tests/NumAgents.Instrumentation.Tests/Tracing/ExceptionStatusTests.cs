using System.Runtime.ExceptionServices;

namespace NumAgents.Instrumentation.Tests.Tracing;

/// <summary>A span left by an exception ends Error with no catch in user code; one that caught it inside does not.</summary>
public sealed class ExceptionStatusTests
{
    [Fact]
    public void Sync_using_left_by_an_exception_ends_error_and_the_exception_passes_through_unchanged()
    {
        var tracer = new Tracer();
        var thrown = new InvalidOperationException("Something went wrong");
        Span? span = null;
        var caught = Assert.Throws<InvalidOperationException>((Action)(() =>
        {
            using (span = tracer.Span("risky_operation"))
            {
                throw thrown;
            }
        }));

        Assert.Same(thrown, caught);
        Assert.Equal(SpanStatus.Error, span!.Status);
        Assert.Equal("System.InvalidOperationException: Something went wrong", span.Error);
        Assert.Equal("exception", Assert.Single(span.Events).Name);
    }

    [Fact]
    public async Task Async_using_with_an_await_left_by_an_exception_ends_error()
    {
        var tracer = new Tracer();
        Span? span = null;
        await Assert.ThrowsAsync<TimeoutException>(async () =>
        {
            using (span = tracer.Span("async_operation"))
            {
                await Task.Yield();
                throw new TimeoutException("too slow");
            }
        });

        Assert.Equal(SpanStatus.Error, span!.Status);
        Assert.Equal("System.TimeoutException: too slow", span.Error);
    }

    [Fact]
    public async Task Async_using_left_by_an_awaited_faulted_task_ends_error()
    {
        var tracer = new Tracer();
        Span? outer = null;
        Span? inner = null;
        await Assert.ThrowsAsync<ArgumentException>(async () =>
        {
            using (outer = tracer.Span("outer"))
            {
                using (inner = tracer.Span("inner"))
                {
                    await FailLaterAsync();
                }
            }
        });

        Assert.Equal(SpanStatus.Error, inner!.Status);
        Assert.Equal(SpanStatus.Error, outer!.Status);
        Assert.Equal("System.ArgumentException: bad", outer.Error);
    }

    [Fact]
    public async Task Async_using_without_await_inside_left_by_an_exception_ends_error()
    {
        var tracer = new Tracer();
        await Task.Yield();
        Span? span = null;
        try
        {
            using (span = tracer.Span("no-await-inside"))
            {
                throw new FormatException("bad format");
            }
        }
        catch (FormatException)
        {
        }

        Assert.Equal(SpanStatus.Error, span!.Status);
    }

    [Fact]
    public void Nested_sync_spans_both_fail_when_the_exception_crosses_both()
    {
        var tracer = new Tracer();
        Span? outer = null;
        Span? inner = null;
        Assert.Throws<InvalidOperationException>((Action)(() =>
        {
            using (outer = tracer.Span("outer"))
            using (inner = tracer.Span("inner"))
            {
                throw new InvalidOperationException("x");
            }
        }));
        Assert.Equal(SpanStatus.Error, inner!.Status);
        Assert.Equal(SpanStatus.Error, outer!.Status);
    }

    [Fact]
    public void An_exception_caught_inside_the_block_does_not_fail_the_span()
    {
        var tracer = new Tracer();
        Span span;
        using (span = tracer.Span("handled"))
        {
            try
            {
                throw new InvalidOperationException("handled inside");
            }
            catch (InvalidOperationException)
            {
            }
        }

        Assert.Equal(SpanStatus.Ok, span.Status);
        Assert.Null(span.Error);
        Assert.Empty(span.Events);
    }

    [Fact]
    public void A_child_that_failed_inside_a_parent_that_caught_it_leaves_the_parent_ok()
    {
        var tracer = new Tracer();
        Span parent;
        Span? child = null;
        using (parent = tracer.Span("parent"))
        {
            try
            {
                using (child = tracer.Span("child"))
                {
                    throw new InvalidOperationException("child failed");
                }
            }
            catch (InvalidOperationException)
            {
            }
        }

        Assert.Equal(SpanStatus.Error, child!.Status);
        Assert.Equal(SpanStatus.Ok, parent.Status);
    }

    [Fact]
    public async Task An_awaited_failure_caught_inside_an_async_block_does_not_fail_the_span()
    {
        var tracer = new Tracer();
        Span span;
        using (span = tracer.Span("handled-async"))
        {
            await Task.Yield();
            try
            {
                await FailLaterAsync();
            }
            catch (ArgumentException)
            {
            }

            try
            {
                throw new InvalidOperationException("sync, caught");
            }
            catch (InvalidOperationException)
            {
            }
        }

        Assert.Equal(SpanStatus.Ok, span.Status);
        Assert.Empty(span.Events);
    }

    [Fact]
    public async Task A_span_opened_and_closed_in_a_continuation_that_runs_inside_a_catch_handler_stays_ok()
    {
        // The continuation after a faulted await runs inline inside the awaited task's catch block,
        // where the runtime reports an exception in flight: the span must not take it for its own.
        var tracer = new Tracer();
        Span? span = null;
        await Task.Yield();
        try
        {
            await FailLaterAsync();
        }
        catch (ArgumentException)
        {
            using (span = tracer.Span("in-catch"))
            {
                try
                {
                    throw new InvalidOperationException("caught");
                }
                catch (InvalidOperationException)
                {
                }
            }
        }

        Assert.Equal(SpanStatus.Ok, span!.Status);
    }

    [Fact]
    public async Task A_failed_task_observed_without_rethrow_does_not_fail_the_span()
    {
        // WhenAny and SuppressThrowing resume inline inside the failed task's catch block without
        // rethrowing: the exception was thrown under the span but never crossed its block.
        var tracer = new Tracer();
        Span whenAny;
        using (whenAny = tracer.Span("when-any"))
        {
            await Task.Yield();
            await Task.WhenAny(FailLaterAsync());
        }

        Span suppressed;
        using (suppressed = tracer.Span("suppress-throwing"))
        {
            await Task.Yield();
            await FailLaterAsync().ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
        }

        Assert.Equal(SpanStatus.Ok, whenAny.Status);
        Assert.Equal(SpanStatus.Ok, suppressed.Status);
    }

    [Fact]
    public async Task A_sync_block_left_by_an_exception_inside_an_inline_continuation_ends_error()
    {
        var tracer = new Tracer();
        Span? span = null;
        await Task.Yield();
        try
        {
            await FailLaterAsync();
        }
        catch (ArgumentException)
        {
        }

        // Still running inline inside FailLaterAsync's catch block here.
        Assert.Throws<InvalidOperationException>((Action)(() =>
        {
            using (span = tracer.Span("sync-in-continuation"))
            {
                throw new InvalidOperationException("escapes");
            }
        }));
        Assert.Equal(SpanStatus.Error, span!.Status);
    }

    [Fact]
    public void A_span_opened_inside_a_catch_block_is_not_failed_by_the_exception_being_handled()
    {
        var tracer = new Tracer();
        Span? span = null;
        try
        {
            throw new InvalidOperationException("earlier");
        }
        catch (InvalidOperationException)
        {
            using (span = tracer.Span("handler"))
            {
            }
        }

        Assert.Equal(SpanStatus.Ok, span!.Status);
    }

    [Fact]
    public void A_finally_that_throws_and_catches_during_unwinding_still_fails_the_span()
    {
        var tracer = new Tracer();
        Span? span = null;
        Assert.Throws<InvalidOperationException>((Action)(() =>
        {
            using (span = tracer.Span("outer"))
            {
                try
                {
                    throw new InvalidOperationException("escapes");
                }
                finally
                {
                    try
                    {
                        throw new FormatException("cleanup noise");
                    }
                    catch (FormatException)
                    {
                    }
                }
            }
        }));

        Assert.Equal(SpanStatus.Error, span!.Status);
        Assert.Equal("System.InvalidOperationException: escapes", span.Error);
    }

    [Fact]
    public void A_span_in_Task_Run_left_by_an_exception_ends_error()
    {
        var tracer = new Tracer();
        Span? span = null;
        var task = Task.Run(() =>
        {
            using (span = tracer.Span("in-task"))
            {
                throw new InvalidOperationException("in task");
            }
        });
        Assert.Throws<AggregateException>(() => task.Wait());
        Assert.Equal(SpanStatus.Error, span!.Status);
    }

    [Fact]
    public void A_rethrow_with_ExceptionDispatchInfo_is_seen_as_leaving_the_block()
    {
        var tracer = new Tracer();
        Span? span = null;
        Assert.Throws<InvalidOperationException>(() =>
        {
            using (span = tracer.Span("edi"))
            {
                var captured = Capture();
                captured.Throw();
            }
        });
        Assert.Equal(SpanStatus.Error, span!.Status);

        static ExceptionDispatchInfo Capture()
        {
            try
            {
                throw new InvalidOperationException("captured");
            }
            catch (InvalidOperationException e)
            {
                return ExceptionDispatchInfo.Capture(e);
            }
        }
    }

    [Fact]
    public void Spans_of_sequential_blocks_keep_independent_outcomes()
    {
        var tracer = new Tracer();
        Span? failed = null;
        try
        {
            using (failed = tracer.Span("fails"))
            {
                throw new InvalidOperationException("x");
            }
        }
        catch (InvalidOperationException)
        {
        }

        Span fine;
        using (fine = tracer.Span("fine"))
        {
        }

        Assert.Equal(SpanStatus.Error, failed!.Status);
        Assert.Equal(SpanStatus.Ok, fine.Status);
    }

    private static async Task FailLaterAsync()
    {
        await Task.Yield();
        throw new ArgumentException("bad");
    }
}
