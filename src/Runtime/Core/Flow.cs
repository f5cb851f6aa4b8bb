using System.Runtime.CompilerServices;

namespace NumAgents.Core;

/// <summary>
/// Runs nodes over one <see cref="SharedStore"/> and returns their results by node name.
/// </summary>
/// <remarks>
/// <para>
/// Routing: a flow without any transition runs its nodes in the order they were added, from the start
/// node (the first node unless <see cref="SetStart"/> says otherwise). As soon as the graph has edges
/// (<see cref="AddTransition"/>, <see cref="Node.AddNext"/>, or a <see cref="ConditionalNode"/>'s
/// branches) it runs along them: from the start node, a node runs once any node before it ran and
/// routed to it (every successor of a plain node, the chosen branch of a conditional node), in
/// topological order. Nodes reached through edges join the flow without being added. Each node runs at
/// most once per run; <see cref="Validate"/> rejects cycles, unreachable nodes and duplicate names.
/// </para>
/// <para>
/// Errors: by default (<see cref="FailFast"/>) the first failing node stops the run with a
/// <see cref="FlowExecutionException"/> naming it, its exception as the inner exception. With
/// <see cref="FailFast"/> off, failures are collected in <see cref="FlowResult.Errors"/> and the run
/// goes on along the failed node's edges (a failed conditional node routes nowhere). Cancellation
/// stops the run between nodes, inside an async node and inside a back-off wait, and propagates as
/// <see cref="OperationCanceledException"/>.
/// </para>
/// <para>
/// Monitoring: a run reports to <see cref="Monitor"/>, or else to the ambient <see cref="IFlowMonitor"/>
/// (with the toolkit's monitoring, <c>AgentMonitor.Current</c>), which is the monitor its nodes report to
/// while it runs, and whose clock times the run and, unless a node says otherwise, the nodes' back-off
/// waits. What the monitor records is its business; <c>AgentMonitor</c> records the run as one span,
/// <c>flow.{Name}</c> (the root of a new trace, or a child of the current span), with the attributes
/// <c>flow</c>, <c>flow.outcome</c> (<c>success</c>, <c>failure</c> or <c>canceled</c>),
/// <c>flow.nodes_executed</c> and, when nodes failed, <c>flow.failed_nodes</c>; an <c>exception</c>
/// event per failure; status <c>Ok</c> or <c>Error</c>; and counts the run in <c>flows.executed</c> and
/// times it in <c>flow.duration</c>, both labelled <c>flow</c> and <c>outcome</c>. Nodes get no span of
/// their own unless instrumentation gives them one; their retries and decisions are recorded on the
/// current span. The monitor sees the end of the run before the after or error hooks run. A failure
/// inside a monitor is contained: the run goes on unchanged.
/// </para>
/// <para>
/// Thread safety: concurrent runs of one flow are safe; each has its own state, and the validated plan
/// is shared. Configure the flow (nodes, transitions, hooks) before running it.
/// </para>
/// </remarks>
public sealed partial class Flow
{
    /// <summary>The default for <see cref="MaxHistory"/>.</summary>
    public const int DefaultMaxHistory = 100;

    private readonly Lock _gate = new();
    private readonly List<Node> _nodes = [];
    private readonly HashSet<Node> _members = new(ReferenceEqualityComparer.Instance);
    private readonly List<(Node From, Node To)> _transitions = [];
    private readonly HashSet<(Node From, Node To)> _transitionSet = new(TransitionComparer.Instance);
    private readonly Queue<FlowExecution> _history = new();
    private readonly int _maxHistory = DefaultMaxHistory;
    private Node? _start;
    private long _version;
    private CachedPlan? _plan;
    private Action<Flow, SharedStore>[] _beforeHooks = [];
    private Action<Flow, FlowResult>[] _afterHooks = [];
    private Action<Flow, SharedStore, Exception>[] _errorHooks = [];

    /// <summary>Creates a flow.</summary>
    /// <param name="nodes">Nodes to add, in order; the first is the start node.</param>
    /// <param name="name">The flow's name (default <c>Flow</c>): the <c>flow</c> label of its telemetry.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or whitespace, or a node appears twice.</exception>
    public Flow(IEnumerable<Node>? nodes = null, string? name = null)
    {
        if (name is not null && string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException("A flow name must not be empty or whitespace.", nameof(name));
        }

        Name = name ?? nameof(Flow);
        if (nodes is null) return;
        foreach (var node in nodes) AddNode(node);
    }

    /// <summary>The flow's name.</summary>
    public string Name { get; }

    /// <summary>
    /// The monitor runs report to, for example an <c>AgentMonitor</c> (default <see langword="null"/>: the
    /// ambient monitor at the start of each run, <c>AgentMonitor.Current</c>).
    /// </summary>
    public IFlowMonitor? Monitor { get; init; }

    /// <summary>Whether the first failing node stops the run (default <see langword="true"/>); otherwise errors are collected.</summary>
    public bool FailFast { get; init; } = true;

    /// <summary>The clock that times runs (default <see langword="null"/>: the monitor's <see cref="IFlowMonitor.TimeProvider"/>).</summary>
    public TimeProvider? TimeProvider { get; init; }

    /// <summary>How many run records <see cref="History"/> keeps, oldest dropped first (default <see cref="DefaultMaxHistory"/>; 0 keeps none).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public int MaxHistory
    {
        get => _maxHistory;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _maxHistory = value;
        }
    }

    /// <summary>The nodes added to the flow, in order (nodes reached only through edges are not listed).</summary>
    public IReadOnlyList<Node> Nodes
    {
        get
        {
            lock (_gate) return [.. _nodes];
        }
    }

    /// <summary>The start node: the one given to <see cref="SetStart"/>, else the first node added.</summary>
    public Node? StartNode
    {
        get
        {
            lock (_gate) return _start ?? (_nodes.Count > 0 ? _nodes[0] : null);
        }
    }

    /// <summary>The records of the latest runs, oldest first (at most <see cref="MaxHistory"/>).</summary>
    public IReadOnlyList<FlowExecution> History
    {
        get
        {
            lock (_history) return [.. _history];
        }
    }

    /// <summary>Adds a node after the ones already added.</summary>
    /// <param name="node">The node.</param>
    /// <returns>This flow.</returns>
    /// <exception cref="ArgumentException">The node is already in the flow.</exception>
    public Flow AddNode(Node node)
    {
        ArgumentNullException.ThrowIfNull(node);
        lock (_gate)
        {
            if (!_members.Add(node)) throw new ArgumentException($"Node '{node.Name}' is already in flow '{Name}'.", nameof(node));
            _nodes.Add(node);
            _version++;
        }

        return this;
    }

    /// <summary>
    /// Makes <paramref name="to"/> run after <paramref name="from"/> in this flow (adding either node
    /// that is not in the flow yet). Adding the same transition twice has no effect.
    /// </summary>
    /// <param name="from">The node that runs first.</param>
    /// <param name="to">The node that runs after it.</param>
    /// <returns>This flow.</returns>
    /// <exception cref="ArgumentException"><paramref name="from"/> and <paramref name="to"/> are the same node.</exception>
    public Flow AddTransition(Node from, Node to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        if (ReferenceEquals(from, to)) throw new ArgumentException($"Node '{from.Name}' cannot transition to itself in flow '{Name}'.", nameof(to));
        lock (_gate)
        {
            AddIfAbsent(from);
            AddIfAbsent(to);
            if (_transitionSet.Add((from, to))) _transitions.Add((from, to));
            _version++;
        }

        return this;
    }

    /// <summary>Makes <paramref name="node"/> the start node (adding it if it is not in the flow yet).</summary>
    /// <param name="node">The node to start from.</param>
    /// <returns>This flow.</returns>
    public Flow SetStart(Node node)
    {
        ArgumentNullException.ThrowIfNull(node);
        lock (_gate)
        {
            AddIfAbsent(node);
            _start = node;
            _version++;
        }

        return this;
    }

    /// <summary>Adds a hook that runs at the start of each run, before the first node.</summary>
    /// <param name="hook">Receives the flow and the run's shared store.</param>
    /// <returns>This flow.</returns>
    public Flow AddBeforeHook(Action<Flow, SharedStore> hook)
    {
        ArgumentNullException.ThrowIfNull(hook);
        lock (_gate) Volatile.Write(ref _beforeHooks, [.. _beforeHooks, hook]);
        return this;
    }

    /// <summary>
    /// Adds a hook that runs after each run that returns a result (with collected errors too). It runs
    /// once the run is recorded; an exception from it reaches the caller unchanged.
    /// </summary>
    /// <param name="hook">Receives the flow and the result.</param>
    /// <returns>This flow.</returns>
    public Flow AddAfterHook(Action<Flow, FlowResult> hook)
    {
        ArgumentNullException.ThrowIfNull(hook);
        lock (_gate) Volatile.Write(ref _afterHooks, [.. _afterHooks, hook]);
        return this;
    }

    /// <summary>Adds a hook that runs when a run fails (not when it is cancelled), before the exception propagates.</summary>
    /// <param name="hook">
    /// Receives the flow, the shared store and the exception that will propagate (a
    /// <see cref="FlowExecutionException"/> for a failed node, a hook's own exception otherwise).
    /// </param>
    /// <returns>This flow.</returns>
    public Flow AddErrorHook(Action<Flow, SharedStore, Exception> hook)
    {
        ArgumentNullException.ThrowIfNull(hook);
        lock (_gate) Volatile.Write(ref _errorHooks, [.. _errorHooks, hook]);
        return this;
    }

    /// <summary>Checks that the flow can run.</summary>
    /// <exception cref="FlowValidationException">
    /// There is no start node; there is a cycle (the message and <see cref="FlowValidationException.NodeNames"/>
    /// list its nodes); two nodes share a name; a node cannot be reached from the start node; or a
    /// conditional node has successors besides its branches.
    /// </exception>
    public void Validate() => GetPlan();

    /// <summary>Runs the flow on a new shared store.</summary>
    /// <param name="initialData">The store's initial keys and values.</param>
    /// <returns>The results by node name.</returns>
    /// <exception cref="FlowValidationException">The flow is not valid.</exception>
    /// <exception cref="FlowExecutionException">A node failed and <see cref="FailFast"/> is on.</exception>
    public FlowResult Execute(IEnumerable<KeyValuePair<string, object?>>? initialData = null) => Execute(new SharedStore(initialData));

    /// <summary>Runs the flow on <paramref name="shared"/>.</summary>
    /// <remarks>
    /// This call blocks until the run ends: an <see cref="AsyncNode"/> is waited for synchronously.
    /// Use <see cref="ExecuteAsync(SharedStore, CancellationToken)"/> for flows with async nodes.
    /// </remarks>
    /// <param name="shared">The shared store the nodes use.</param>
    /// <returns>The results by node name.</returns>
    /// <exception cref="FlowValidationException">The flow is not valid.</exception>
    /// <exception cref="FlowExecutionException">A node failed and <see cref="FailFast"/> is on.</exception>
    public FlowResult Execute(SharedStore shared)
    {
        ArgumentNullException.ThrowIfNull(shared);

        // runAsynchronously: false makes every await inside complete synchronously.
        return RunCoreAsync(shared, runAsynchronously: false, CancellationToken.None).GetAwaiter().GetResult();
    }

    /// <summary>Runs the flow asynchronously on a new, empty shared store.</summary>
    /// <param name="cancellationToken">Stops the run between nodes, inside async nodes and inside back-off waits.</param>
    /// <returns>The results by node name.</returns>
    public Task<FlowResult> ExecuteAsync(CancellationToken cancellationToken) => ExecuteAsync(new SharedStore(), cancellationToken);

    /// <summary>Runs the flow asynchronously on a new shared store; async nodes are awaited without blocking a thread.</summary>
    /// <param name="initialData">The store's initial keys and values.</param>
    /// <param name="cancellationToken">Stops the run between nodes, inside async nodes and inside back-off waits.</param>
    /// <returns>The results by node name.</returns>
    public Task<FlowResult> ExecuteAsync(IEnumerable<KeyValuePair<string, object?>>? initialData = null, CancellationToken cancellationToken = default)
        => ExecuteAsync(new SharedStore(initialData), cancellationToken);

    /// <summary>Runs the flow asynchronously on <paramref name="shared"/>.</summary>
    /// <param name="shared">The shared store the nodes use.</param>
    /// <param name="cancellationToken">Stops the run between nodes, inside async nodes and inside back-off waits.</param>
    /// <returns>The results by node name.</returns>
    public Task<FlowResult> ExecuteAsync(SharedStore shared, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(shared);
        return RunCoreAsync(shared, runAsynchronously: true, cancellationToken).AsTask();
    }

    /// <summary>Forgets every run record.</summary>
    public void ClearHistory()
    {
        lock (_history) _history.Clear();
    }

    /// <summary>The flow's name.</summary>
    public override string ToString() => Name;

    private FlowPlan GetPlan()
    {
        var topology = Node.TopologyVersion;
        var cached = Volatile.Read(ref _plan);
        if (cached is not null && cached.Version == Volatile.Read(ref _version) && cached.Topology == topology) return cached.Plan;
        lock (_gate)
        {
            var plan = FlowPlan.Build(Name, _nodes, _start ?? (_nodes.Count > 0 ? _nodes[0] : null), _transitions);
            Volatile.Write(ref _plan, new CachedPlan(_version, topology, plan));
            return plan;
        }
    }

    private void AddIfAbsent(Node node)
    {
        if (_members.Add(node)) _nodes.Add(node);
    }

    private sealed record CachedPlan(long Version, long Topology, FlowPlan Plan);

    /// <summary>Nodes are compared by identity, whatever a subclass does with <see cref="object.Equals(object?)"/>.</summary>
    private sealed class TransitionComparer : IEqualityComparer<(Node From, Node To)>
    {
        public static readonly TransitionComparer Instance = new();

        public bool Equals((Node From, Node To) x, (Node From, Node To) y) => ReferenceEquals(x.From, y.From) && ReferenceEquals(x.To, y.To);

        public int GetHashCode((Node From, Node To) obj) => HashCode.Combine(RuntimeHelpers.GetHashCode(obj.From), RuntimeHelpers.GetHashCode(obj.To));
    }
}
