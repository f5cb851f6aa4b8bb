namespace NumAgents.Core;

/// <summary>One run of a flow: nodes in plan order, failures, cancellation, the monitor's view of the run and the history.</summary>
public sealed partial class Flow
{
    private async ValueTask<FlowResult> RunCoreAsync(SharedStore shared, bool runAsynchronously, CancellationToken cancellationToken)
    {
        var plan = GetPlan();
        var monitor = Monitor ?? FlowMonitors.Current;
        var observer = BeginRun(monitor);
        using var scope = new RunScope(observer);
        var run = new FlowRun(Name, plan, shared, TimeProvider ?? monitor?.TimeProvider ?? System.TimeProvider.System);
        FlowResult result;
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var hook in Volatile.Read(ref _beforeHooks)) hook(this, shared);
            for (var position = 0; position < plan.Order.Length; position++)
            {
                if (!run.IsActivated(position)) continue;
                cancellationToken.ThrowIfCancellationRequested();
                var node = plan.Order[position];
                NodeResult nodeResult;
                try
                {
                    nodeResult = runAsynchronously
                        ? await node.RunAsync(shared, cancellationToken).ConfigureAwait(false)
                        : node.Run(shared);
                }
                catch (Exception exception) when (!Node.IsCancellation(exception, cancellationToken))
                {
                    run.Failed(position, exception);
                    Report(observer, node, exception);
                    if (FailFast)
                    {
                        var partial = Finish(run, FlowOutcome.Failed, observer);
                        throw new FlowExecutionException(Name, node.Name, exception, partial);
                    }

                    continue;
                }

                run.Succeeded(position, nodeResult);
            }

            result = Finish(run, run.HasErrors ? FlowOutcome.Failed : FlowOutcome.Succeeded, observer);
        }
        catch (OperationCanceledException canceled) when (cancellationToken.IsCancellationRequested)
        {
            if (!run.IsComplete)
            {
                Report(observer, null, canceled);
                Finish(run, FlowOutcome.Canceled, observer);
            }

            throw;
        }
        catch (Exception exception)
        {
            if (!run.IsComplete)
            {
                Report(observer, null, exception);
                Finish(run, FlowOutcome.Failed, observer);
            }

            RunErrorHooks(shared, exception);
            throw;
        }

        foreach (var hook in Volatile.Read(ref _afterHooks)) hook(this, result);
        return result;
    }

    private IFlowRunObserver? BeginRun(IFlowMonitor? monitor)
    {
        if (monitor is null) return null;
        try
        {
            return monitor.BeginRun(this);
        }
        catch (Exception failure)
        {
            FlowMonitors.Report(failure);
            return null;
        }
    }

    private static void Report(IFlowRunObserver? observer, Node? node, Exception exception)
    {
        try
        {
            observer?.Failed(node, exception);
        }
        catch (Exception failure)
        {
            FlowMonitors.Report(failure);
        }
    }

    /// <summary>Completes the run: its record, what the monitor records, and the history.</summary>
    private FlowResult Finish(FlowRun run, FlowOutcome outcome, IFlowRunObserver? observer)
    {
        string? traceId = null;
        try
        {
            traceId = observer?.TraceId;
        }
        catch (Exception failure)
        {
            FlowMonitors.Report(failure);
        }

        var result = run.Complete(outcome, traceId);
        try
        {
            observer?.Completed(result.Execution);
        }
        catch (Exception failure)
        {
            FlowMonitors.Report(failure);
        }

        return Record(result);
    }

    private FlowResult Record(FlowResult result)
    {
        if (_maxHistory == 0) return result;
        lock (_history)
        {
            _history.Enqueue(result.Execution);
            while (_history.Count > _maxHistory) _history.Dequeue();
        }

        return result;
    }

    private void RunErrorHooks(SharedStore shared, Exception exception)
        => ErrorHooks.Run(Volatile.Read(ref _errorHooks), this, shared, exception, $"Flow '{Name}'");

    /// <summary>Disposes the run's observer when the run is over, containing whatever it throws.</summary>
    private readonly struct RunScope(IFlowRunObserver? observer) : IDisposable
    {
        public void Dispose()
        {
            try
            {
                observer?.Dispose();
            }
            catch (Exception failure)
            {
                FlowMonitors.Report(failure);
            }
        }
    }
}
