namespace NumAgents.Core;

/// <summary>
/// One step of a <see cref="Flow"/>: reads and writes the <see cref="SharedStore"/> in
/// <see cref="Exec"/> and returns a <see cref="NodeResult"/>. Adds retries with exponential back-off,
/// an optional per-attempt timeout, and before/after/error hooks around it.
/// </summary>
/// <remarks>
/// <para>
/// A flow calls <see cref="Run"/> or <see cref="RunAsync"/>; both go through the instrumentation seam
/// <see cref="InvokeNode"/> / <see cref="InvokeNodeAsync"/>, one call per execution of the node
/// (hooks, every attempt and every back-off wait included). Code generated for <c>[Traced]</c>,
/// <c>[Timed]</c> and <c>[Counted]</c> overrides that seam, so a node's span and timer cover the
/// whole execution and retries show up inside it.
/// </para>
/// <para>
/// Retries: after attempt <c>n</c> fails, the node waits <see cref="GetRetryDelay"/>(<c>n</c>) =
/// <see cref="RetryDelay"/> × <see cref="RetryBackoffMultiplier"/>^(<c>n</c> − 1), capped at
/// <see cref="MaxRetryDelay"/>, then tries again, up to <see cref="MaxRetries"/> times. Waits use
/// <see cref="TimeProvider"/> (by default the clock of the ambient <see cref="IFlowMonitor"/>), so tests
/// with a fake clock never sleep. Cancellation is never retried and stops a back-off wait at once.
/// Each retry is reported to the ambient <see cref="IFlowMonitor"/> (a monitor records a <c>retry</c> event on the current span).
/// </para>
/// <para>
/// Hooks run once per execution, outside the retries: before hooks before the first attempt, after
/// hooks once a result exists, error hooks once the node has finally failed (not on cancellation).
/// An exception from a before or after hook fails the execution like one from <see cref="Exec"/>.
/// The node's own exception always propagates unchanged; if an error hook throws too, both reach the
/// caller in an <see cref="AggregateException"/> (the node's first).
/// </para>
/// <para>
/// A node holds no per-execution state, so one instance can run in concurrent flows as long as its
/// <see cref="Exec"/> allows it. Configure it (properties, hooks, successors) before running it.
/// </para>
/// </remarks>
public abstract partial class Node
{
    /// <summary>The default <see cref="RetryDelay"/>: one second.</summary>
    public static readonly TimeSpan DefaultRetryDelay = TimeSpan.FromSeconds(1);

    // Task.Delay and timers accept at most uint.MaxValue - 1 milliseconds (about 49.7 days).
    private static readonly TimeSpan _longestWait = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    // The cancellation token of the RunAsync that is running this node's synchronous InvokeNode on
    // this thread: InvokeNode has no token parameter (it is the seam generated code overrides), yet a
    // back-off wait inside it must stop when the flow is cancelled. Set and restored around the
    // synchronous call in InvokeNodeAsync, so a thread-static is exact and costs nothing.
    [ThreadStatic]
    private static CancellationToken _ambientCancellation;

    private static long _topologyVersion;

    private readonly Lock _gate = new();
    private Node[] _successors = [];
    private Action<Node, SharedStore>[] _beforeHooks = [];
    private Action<Node, SharedStore, NodeResult>[] _afterHooks = [];
    private Action<Node, SharedStore, Exception>[] _errorHooks = [];
    private readonly int _maxRetries;
    private readonly TimeSpan _retryDelay = DefaultRetryDelay;
    private readonly double _retryBackoffMultiplier = 2;
    private readonly TimeSpan? _maxRetryDelay;
    private readonly TimeSpan? _timeout;

    /// <summary>Creates a node.</summary>
    /// <param name="name">
    /// The node's name; by default the class name without a generic arity suffix
    /// (<c>LoadNode`1</c> becomes <c>LoadNode</c>).
    /// </param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or whitespace.</exception>
    protected Node(string? name = null)
    {
        if (name is not null && string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException($"A node name must not be empty or whitespace (node class {GetType().Name}).", nameof(name));
        }

        Name = name ?? DefaultName(GetType());
        Id = Guid.CreateVersion7().ToString();
    }

    /// <summary>The node's name: the key of its result in a <see cref="FlowResult"/> and the <c>node</c> label of its telemetry.</summary>
    public string Name { get; }

    /// <summary>A unique id for this node instance (a time-ordered GUID).</summary>
    public string Id { get; }

    /// <summary>How many times a failed attempt is retried (default 0: one attempt only).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public int MaxRetries
    {
        get => _maxRetries;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _maxRetries = value;
        }
    }

    /// <summary>The wait before the first retry (default <see cref="DefaultRetryDelay"/>, one second); later waits grow by <see cref="RetryBackoffMultiplier"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public TimeSpan RetryDelay
    {
        get => _retryDelay;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
            _retryDelay = value;
        }
    }

    /// <summary>The factor each successive wait grows by (default 2: 1 s, 2 s, 4 s...).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 1, NaN or infinite.</exception>
    public double RetryBackoffMultiplier
    {
        get => _retryBackoffMultiplier;
        init
        {
            if (!(value >= 1) || double.IsPositiveInfinity(value))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, $"Node '{Name}' needs a finite RetryBackoffMultiplier of 1 or more.");
            }

            _retryBackoffMultiplier = value;
        }
    }

    /// <summary>The longest wait between attempts (default <see langword="null"/>: no cap besides the timer limit of about 49 days).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public TimeSpan? MaxRetryDelay
    {
        get => _maxRetryDelay;
        init
        {
            if (value is { } cap) ArgumentOutOfRangeException.ThrowIfLessThan(cap, TimeSpan.Zero, nameof(value));
            _maxRetryDelay = value;
        }
    }

    /// <summary>
    /// Decides whether a failed attempt is retried (default <see langword="null"/>: every exception is,
    /// up to <see cref="MaxRetries"/>). Cancellation of the run is never retried.
    /// </summary>
    public Func<Exception, bool>? RetryOn { get; init; }

    /// <summary>
    /// The longest one attempt may take (default <see langword="null"/>: no limit). A late attempt
    /// fails with a <see cref="NodeTimeoutException"/>, which is retried like any failure.
    /// </summary>
    /// <remarks>
    /// An <see cref="AsyncNode"/>'s <c>ExecAsync</c> sees the timeout as cancellation of its token, and
    /// the node stops waiting for it at the deadline even if it ignores the token. A synchronous
    /// <see cref="Exec"/> cannot be interrupted: with a timeout it runs on a thread-pool thread and is
    /// abandoned (left to finish, its outcome ignored) at the deadline. Prefer an <see cref="AsyncNode"/>
    /// that honours its token when the work must really stop.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">The value is zero or negative.</exception>
    public TimeSpan? Timeout
    {
        get => _timeout;
        init
        {
            if (value is { } timeout) ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero, nameof(value));
            _timeout = value;
        }
    }

    /// <summary>
    /// The clock for back-off waits and timeouts (default <see langword="null"/>: the clock of the ambient
    /// <see cref="IFlowMonitor"/>, which a flow run sets to its monitor; the system clock when there is none).
    /// </summary>
    public TimeProvider? TimeProvider { get; init; }

    /// <summary>The nodes added with <see cref="AddNext"/>, in order.</summary>
    public IReadOnlyList<Node> Successors => Volatile.Read(ref _successors);

    /// <summary>Changes whenever any node's successors change; flows use it to know a cached plan is stale.</summary>
    internal static long TopologyVersion => Volatile.Read(ref _topologyVersion);

    internal static CancellationToken AmbientCancellation => _ambientCancellation;

    /// <summary>
    /// Makes <paramref name="next"/> a successor of this node: in a flow, it runs after this one.
    /// Adding the same successor twice has no effect.
    /// </summary>
    /// <param name="next">The node to run next.</param>
    /// <returns><paramref name="next"/>, so chains read <c>a.AddNext(b).AddNext(c)</c>.</returns>
    /// <exception cref="ArgumentException"><paramref name="next"/> is this node.</exception>
    public Node AddNext(Node next)
    {
        ArgumentNullException.ThrowIfNull(next);
        if (ReferenceEquals(next, this)) throw new ArgumentException($"Node '{Name}' cannot be its own successor.", nameof(next));
        lock (_gate)
        {
            if (Array.IndexOf(_successors, next) >= 0) return next;
            Volatile.Write(ref _successors, [.. _successors, next]);
        }

        Interlocked.Increment(ref _topologyVersion);
        return next;
    }

    /// <summary>Adds a hook that runs before each execution (before the first attempt).</summary>
    /// <param name="hook">Receives the node and the shared store.</param>
    /// <returns>This node.</returns>
    public Node AddBeforeHook(Action<Node, SharedStore> hook)
    {
        ArgumentNullException.ThrowIfNull(hook);
        lock (_gate) Volatile.Write(ref _beforeHooks, [.. _beforeHooks, hook]);
        return this;
    }

    /// <summary>Adds a hook that runs after each successful execution; it may read or amend the result.</summary>
    /// <param name="hook">Receives the node, the shared store and the result.</param>
    /// <returns>This node.</returns>
    public Node AddAfterHook(Action<Node, SharedStore, NodeResult> hook)
    {
        ArgumentNullException.ThrowIfNull(hook);
        lock (_gate) Volatile.Write(ref _afterHooks, [.. _afterHooks, hook]);
        return this;
    }

    /// <summary>Adds a hook that runs once when an execution has finally failed (after its last retry).</summary>
    /// <param name="hook">Receives the node, the shared store and the exception that will propagate.</param>
    /// <returns>This node.</returns>
    public Node AddErrorHook(Action<Node, SharedStore, Exception> hook)
    {
        ArgumentNullException.ThrowIfNull(hook);
        lock (_gate) Volatile.Write(ref _errorHooks, [.. _errorHooks, hook]);
        return this;
    }

    /// <summary>
    /// The wait after failed attempt <paramref name="attempt"/>:
    /// <see cref="RetryDelay"/> × <see cref="RetryBackoffMultiplier"/>^(<paramref name="attempt"/> − 1),
    /// capped at <see cref="MaxRetryDelay"/> and at the timer limit.
    /// </summary>
    /// <param name="attempt">The attempt that failed, from 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="attempt"/> is below 1.</exception>
    public TimeSpan GetRetryDelay(int attempt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        var cap = _maxRetryDelay is { } maxDelay && maxDelay < _longestWait ? maxDelay : _longestWait;
        var milliseconds = _retryDelay.TotalMilliseconds * Math.Pow(_retryBackoffMultiplier, attempt - 1);
        return milliseconds >= cap.TotalMilliseconds ? cap : TimeSpan.FromMilliseconds(milliseconds);
    }

    /// <summary>The node's <see cref="Name"/>.</summary>
    public override string ToString() => Name;

    /// <summary>Runs one execution of the node (hooks, attempts, waits) and returns its result.</summary>
    /// <param name="shared">The shared store.</param>
    /// <returns>The node's result.</returns>
    public NodeResult Run(SharedStore shared)
    {
        ArgumentNullException.ThrowIfNull(shared);
        return InvokeNode(shared);
    }

    /// <summary>
    /// Runs one execution of the node asynchronously. An <see cref="AsyncNode"/> runs without blocking a
    /// thread; a synchronous node runs inline (its <see cref="Exec"/> is synchronous), and
    /// <paramref name="cancellationToken"/> still stops its back-off waits.
    /// </summary>
    /// <param name="shared">The shared store.</param>
    /// <param name="cancellationToken">Stops the execution before an attempt or during a wait.</param>
    /// <returns>The node's result.</returns>
    public Task<NodeResult> RunAsync(SharedStore shared, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(shared);
        return InvokeNodeAsync(shared, cancellationToken);
    }

    /// <summary>The node's work: one attempt.</summary>
    /// <param name="shared">The shared store.</param>
    /// <returns>The attempt's result (never <see langword="null"/>).</returns>
    protected abstract NodeResult Exec(SharedStore shared);

    /// <summary>
    /// The instrumentation seam for synchronous execution: one whole execution (hooks, retries,
    /// timeout, <see cref="Exec"/>). Generated instrumentation overrides it and calls the base.
    /// </summary>
    /// <param name="shared">The shared store.</param>
    /// <returns>The node's result.</returns>
    protected virtual NodeResult InvokeNode(SharedStore shared)
    {
        // With runAsynchronously: false every await inside completes synchronously, so this is not
        // sync-over-async: the ValueTask is already complete here.
        return InvokeCoreAsync(shared, runAsynchronously: false, _ambientCancellation).GetAwaiter().GetResult();
    }

    /// <summary>
    /// The instrumentation seam for asynchronous execution. The default runs <see cref="InvokeNode"/>
    /// inline, so a synchronous node's instrumentation applies on both paths; <see cref="AsyncNode"/>
    /// overrides it with a truly asynchronous execution.
    /// </summary>
    /// <param name="shared">The shared store.</param>
    /// <param name="cancellationToken">Stops the execution before an attempt or during a wait.</param>
    /// <returns>The node's result.</returns>
#pragma warning disable CS1998 // async without await on purpose: exceptions land in the task, and cancellation makes it Canceled, as callers of a Task-returning method expect.
    protected virtual async Task<NodeResult> InvokeNodeAsync(SharedStore shared, CancellationToken cancellationToken)
#pragma warning restore CS1998
    {
        cancellationToken.ThrowIfCancellationRequested();
        var previous = _ambientCancellation;
        _ambientCancellation = cancellationToken;
        try
        {
            return InvokeNode(shared);
        }
        finally
        {
            _ambientCancellation = previous;
        }
    }

    private static string DefaultName(Type type)
    {
        var name = type.Name;
        var tick = name.IndexOf('`', StringComparison.Ordinal);
        return tick < 0 ? name : name[..tick];
    }
}
