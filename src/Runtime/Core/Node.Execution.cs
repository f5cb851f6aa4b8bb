namespace NumAgents.Core;

/// <summary>One execution of a node: hooks around the attempts, retries with back-off, the timeout, error hooks.</summary>
public abstract partial class Node
{
    /// <summary>Runs one attempt; <see cref="AsyncNode"/> replaces it with <c>ExecAsync</c>.</summary>
    private protected virtual ValueTask<NodeResult> ExecuteAttemptAsync(SharedStore shared, TimeProvider timeProvider, CancellationToken cancellationToken)
        => new(_timeout is { } timeout ? ExecWithTimeout(shared, timeout, timeProvider, cancellationToken) : Exec(shared));

    /// <summary>One whole execution: hooks around the attempts and back-off waits.</summary>
    private protected async ValueTask<NodeResult> InvokeCoreAsync(SharedStore shared, bool runAsynchronously, CancellationToken cancellationToken)
    {
        var timeProvider = TimeProvider ?? FlowMonitors.CurrentTimeProvider;
        try
        {
            foreach (var hook in Volatile.Read(ref _beforeHooks)) hook(this, shared);
            var result = await ExecuteWithRetriesAsync(shared, runAsynchronously, timeProvider, cancellationToken).ConfigureAwait(false);
            foreach (var hook in Volatile.Read(ref _afterHooks)) hook(this, shared, result);
            return result;
        }
        catch (Exception exception) when (!IsCancellation(exception, cancellationToken))
        {
            RunErrorHooks(shared, exception);
            throw;
        }
    }

    internal static bool IsCancellation(Exception exception, CancellationToken cancellationToken)
        => exception is OperationCanceledException && cancellationToken.IsCancellationRequested;

    internal static void ObserveAbandoned(Task attempt)
    {
        // An abandoned attempt that fails later must not surface as an unobserved task exception.
        attempt.ContinueWith(
            static task => _ = task.Exception,
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private async ValueTask<NodeResult> ExecuteWithRetriesAsync(SharedStore shared, bool runAsynchronously, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            NodeResult? result;
            try
            {
                result = await ExecuteAttemptAsync(shared, timeProvider, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (attempt <= _maxRetries && !IsCancellation(exception, cancellationToken))
            {
                // The predicate runs here rather than in the filter: an exception thrown by a filter is
                // swallowed, and a broken RetryOn must be visible.
                if (RetryOn is { } retryOn && !retryOn(exception)) throw;

                var delay = GetRetryDelay(attempt);
                FlowMonitors.NodeRetrying(this, attempt, delay, exception);
                if (delay > TimeSpan.Zero)
                {
                    var wait = Task.Delay(delay, timeProvider, cancellationToken);
                    if (runAsynchronously)
                    {
                        await wait.ConfigureAwait(false);
                    }
                    else
                    {
                        wait.GetAwaiter().GetResult();
                    }
                }

                continue;
            }

            return result ?? throw new InvalidOperationException($"Node '{Name}' returned null from {(this is AsyncNode ? "ExecAsync" : "Exec")}; return an empty NodeResult instead.");
        }
    }

    private NodeResult ExecWithTimeout(SharedStore shared, TimeSpan timeout, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var attempt = Task.Run(() => Exec(shared), CancellationToken.None);
        try
        {
            return attempt.WaitAsync(timeout, timeProvider, cancellationToken).GetAwaiter().GetResult();
        }
        catch (TimeoutException exception) when (!ReferenceEquals(exception, attempt.Exception?.InnerException))
        {
            ObserveAbandoned(attempt);
            throw new NodeTimeoutException(Name, timeout);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            ObserveAbandoned(attempt);
            throw;
        }
    }

    private void RunErrorHooks(SharedStore shared, Exception exception)
        => ErrorHooks.Run(Volatile.Read(ref _errorHooks), this, shared, exception, $"Node '{Name}'");
}
