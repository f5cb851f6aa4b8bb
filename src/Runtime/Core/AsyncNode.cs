namespace NumAgents.Core;

/// <summary>
/// A node whose work is asynchronous: a flow awaits <see cref="ExecAsync"/> without blocking a thread,
/// back-off waits are awaited, and the cancellation token reaches the work.
/// </summary>
/// <remarks>
/// <see cref="Exec"/> and <see cref="InvokeNode"/> are sealed: the synchronous path
/// (<see cref="Node.Run"/>) blocks on <see cref="InvokeNodeAsync"/>, so instrumentation of an async
/// node overrides <see cref="InvokeNodeAsync"/> only and applies on both paths. With a
/// <see cref="Node.Timeout"/>, the token passed to <see cref="ExecAsync"/> is cancelled at the deadline,
/// and the node stops waiting for the attempt then even if the work ignores the token.
/// </remarks>
public abstract class AsyncNode : Node
{
    /// <summary>Creates an asynchronous node.</summary>
    /// <param name="name">The node's name; by default the class name without a generic arity suffix.</param>
    protected AsyncNode(string? name = null)
        : base(name)
    {
    }

    /// <summary>The node's work: one attempt.</summary>
    /// <param name="shared">The shared store.</param>
    /// <param name="cancellationToken">Cancelled when the run is cancelled or the attempt's <see cref="Node.Timeout"/> passes.</param>
    /// <returns>The attempt's result (never <see langword="null"/>).</returns>
    protected abstract Task<NodeResult> ExecAsync(SharedStore shared, CancellationToken cancellationToken);

    /// <summary>Runs <see cref="ExecAsync"/> and blocks until it completes; a flow never calls this.</summary>
    /// <param name="shared">The shared store.</param>
    /// <returns>The attempt's result.</returns>
    protected sealed override NodeResult Exec(SharedStore shared) => ExecAsync(shared, CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>Blocks on <see cref="InvokeNodeAsync"/>, so instrumentation of that method covers the synchronous path too.</summary>
    /// <param name="shared">The shared store.</param>
    /// <returns>The node's result.</returns>
    protected sealed override NodeResult InvokeNode(SharedStore shared) => InvokeNodeAsync(shared, AmbientCancellation).GetAwaiter().GetResult();

    /// <summary>One whole asynchronous execution: hooks, attempts of <see cref="ExecAsync"/>, awaited back-off waits.</summary>
    /// <param name="shared">The shared store.</param>
    /// <param name="cancellationToken">Stops the execution before an attempt, inside it, or during a wait.</param>
    /// <returns>The node's result.</returns>
    protected override Task<NodeResult> InvokeNodeAsync(SharedStore shared, CancellationToken cancellationToken)
        => InvokeCoreAsync(shared, runAsynchronously: true, cancellationToken).AsTask();

    private protected override async ValueTask<NodeResult> ExecuteAttemptAsync(SharedStore shared, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        if (Timeout is not { } timeout)
        {
            return await (ExecAsync(shared, cancellationToken) ?? throw NullTask()).ConfigureAwait(false);
        }

        using var deadline = new CancellationTokenSource(timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        Task<NodeResult>? attempt = null;
        try
        {
            attempt = ExecAsync(shared, linked.Token) ?? throw NullTask();

            // WaitAsync lets the node move on at the deadline even when the work ignores its token.
            return await attempt.WaitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            if (attempt is not null) ObserveAbandoned(attempt);
            throw new NodeTimeoutException(Name, timeout);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            if (attempt is not null) ObserveAbandoned(attempt);
            throw;
        }
    }

    private InvalidOperationException NullTask() => new($"Node '{Name}' returned a null Task from ExecAsync.");
}
