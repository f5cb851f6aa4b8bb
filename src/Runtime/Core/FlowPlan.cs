namespace NumAgents.Core;

/// <summary>
/// A validated, immutable execution plan of a flow: its nodes in topological order and, per node,
/// the positions of its successors. Built once per configuration change and shared by concurrent runs.
/// </summary>
internal sealed class FlowPlan
{
    private const int NoBranch = -1;

    private readonly int[][] _successors;
    private readonly int[] _trueBranch;
    private readonly int[] _falseBranch;

    private FlowPlan(Node[] order, int[][] successors, int[] trueBranch, int[] falseBranch)
    {
        Order = order;
        _successors = successors;
        _trueBranch = trueBranch;
        _falseBranch = falseBranch;
    }

    /// <summary>The nodes reachable from the start node, in the order they may run; the start node is first.</summary>
    public Node[] Order { get; }

    /// <summary>
    /// Validates the graph and orders it. Runs in O((V + E) log V): discovery and reachability are
    /// breadth-first, cycle detection an iterative depth-first search (no recursion, so a long chain
    /// cannot overflow the stack), ordering Kahn's algorithm with ties broken by discovery order.
    /// </summary>
    public static FlowPlan Build(string flowName, IReadOnlyList<Node> nodes, Node? start, IReadOnlyList<(Node From, Node To)> transitions)
    {
        if (start is null)
        {
            throw new FlowValidationException(flowName, $"Flow '{flowName}' has no start node: add a node (AddNode) or call SetStart.", []);
        }

        var (all, index, edges, edgeCount) = Discover(flowName, nodes, start, transitions);
        if (edgeCount == 0)
        {
            // No transitions anywhere: the nodes run in the order they were added.
            for (var i = 0; i + 1 < all.Count; i++) edges[i].Add(i + 1);
        }

        RejectDuplicateNames(flowName, all);
        RejectCycles(flowName, all, edges);
        var startIndex = index[start];
        RejectUnreachable(flowName, all, edges, startIndex, sequential: edgeCount == 0);
        return Sort(all, index, edges, startIndex);
    }

    /// <summary>Marks the nodes that run after the node at <paramref name="position"/>, given its result (<see langword="null"/> when it failed).</summary>
    public void Activate(int position, NodeResult? result, bool[] activated)
    {
        if (Order[position] is ConditionalNode conditional)
        {
            var next = conditional.Route(result);
            if (next is null) return;
            var target = ReferenceEquals(next, conditional.TrueBranch) ? _trueBranch[position] : _falseBranch[position];
            if (target != NoBranch) activated[target] = true;
            return;
        }

        foreach (var successor in _successors[position]) activated[successor] = true;
    }

    private static (List<Node> All, Dictionary<Node, int> Index, List<List<int>> Edges, int EdgeCount) Discover(string flowName, IReadOnlyList<Node> nodes, Node start, IReadOnlyList<(Node From, Node To)> transitions)
    {
        var index = new Dictionary<Node, int>(ReferenceEqualityComparer.Instance);
        var all = new List<Node>();
        foreach (var node in nodes) Add(node);
        Add(start);

        var transitionsFrom = new Dictionary<Node, List<Node>>(ReferenceEqualityComparer.Instance);
        foreach (var (from, to) in transitions)
        {
            if (!transitionsFrom.TryGetValue(from, out var targets)) transitionsFrom[from] = targets = [];
            targets.Add(to);
        }

        var edges = new List<List<int>>();
        var edgeCount = 0;

        // `all` grows while it is walked: every node reached by an edge is discovered once.
        for (var i = 0; i < all.Count; i++)
        {
            var node = all[i];
            var successors = new List<Node>();
            if (transitionsFrom.TryGetValue(node, out var targets)) successors.AddRange(targets);
            successors.AddRange(node.Successors);
            if (node is ConditionalNode conditional)
            {
                if (successors.Count > 0)
                {
                    throw new FlowValidationException(
                        flowName,
                        $"Conditional node '{conditional.Name}' in flow '{flowName}' routes only through its true and false branches; remove its other transitions (to {Names(successors)}).",
                        [conditional.Name, .. successors.Select(s => s.Name)]);
                }

                if (conditional.TrueBranch is { } whenTrue) successors.Add(whenTrue);
                if (conditional.FalseBranch is { } whenFalse) successors.Add(whenFalse);
            }

            var targetsOfNode = new List<int>(successors.Count);
            foreach (var successor in successors)
            {
                var target = Add(successor);
                if (!targetsOfNode.Contains(target)) targetsOfNode.Add(target);
            }

            edges.Add(targetsOfNode);
            edgeCount += targetsOfNode.Count;
        }

        return (all, index, edges, edgeCount);

        int Add(Node node)
        {
            if (index.TryGetValue(node, out var existing)) return existing;
            index.Add(node, all.Count);
            all.Add(node);
            return all.Count - 1;
        }
    }

    private static void RejectDuplicateNames(string flowName, List<Node> all)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in all)
        {
            if (!seen.Add(node.Name))
            {
                throw new FlowValidationException(
                    flowName,
                    $"Flow '{flowName}' has more than one node named '{node.Name}'. Results are keyed by node name, so give each node its own name (the node's name constructor argument).",
                    [node.Name]);
            }
        }
    }

    private static void RejectCycles(string flowName, List<Node> all, List<List<int>> edges)
    {
        const byte Unvisited = 0, OnPath = 1, Done = 2;
        var state = new byte[all.Count];
        var path = new List<int>();
        var nextEdge = new List<int>();
        for (var root = 0; root < all.Count; root++)
        {
            if (state[root] != Unvisited) continue;
            state[root] = OnPath;
            path.Add(root);
            nextEdge.Add(0);
            while (path.Count > 0)
            {
                var top = path.Count - 1;
                var node = path[top];
                if (nextEdge[top] == edges[node].Count)
                {
                    state[node] = Done;
                    path.RemoveAt(top);
                    nextEdge.RemoveAt(top);
                    continue;
                }

                var successor = edges[node][nextEdge[top]++];
                if (state[successor] == OnPath)
                {
                    var cycle = path.Skip(path.IndexOf(successor)).Append(successor).Select(i => all[i].Name).ToArray();
                    throw new FlowValidationException(
                        flowName,
                        $"Flow '{flowName}' has a cycle: {string.Join(" -> ", cycle)}. A flow runs each node at most once; break the cycle.",
                        cycle);
                }

                if (state[successor] == Unvisited)
                {
                    state[successor] = OnPath;
                    path.Add(successor);
                    nextEdge.Add(0);
                }
            }
        }
    }

    private static void RejectUnreachable(string flowName, List<Node> all, List<List<int>> edges, int startIndex, bool sequential)
    {
        var reached = new bool[all.Count];
        var queue = new Queue<int>();
        reached[startIndex] = true;
        queue.Enqueue(startIndex);
        while (queue.TryDequeue(out var node))
        {
            foreach (var successor in edges[node])
            {
                if (reached[successor]) continue;
                reached[successor] = true;
                queue.Enqueue(successor);
            }
        }

        var unreachable = all.Where((_, i) => !reached[i]).ToList();
        if (unreachable.Count == 0) return;
        var why = sequential
            ? "they come before it in a flow without transitions, which runs its nodes in order from the start node"
            : "a flow with transitions runs only along them (AddTransition, AddNext, conditional branches); connect them or remove them";
        throw new FlowValidationException(
            flowName,
            $"Flow '{flowName}': {Names(unreachable)} cannot be reached from the start node '{all[startIndex].Name}'; {why}.",
            [.. unreachable.Select(n => n.Name)]);
    }

    private static FlowPlan Sort(List<Node> all, Dictionary<Node, int> index, List<List<int>> edges, int startIndex)
    {
        // Every node is reachable from the start node and the graph is acyclic, so the start node is
        // the only one without predecessors.
        var inDegree = new int[all.Count];
        foreach (var targets in edges)
        {
            foreach (var target in targets) inDegree[target]++;
        }

        var ready = new PriorityQueue<int, int>();
        ready.Enqueue(startIndex, startIndex);
        var order = new List<int>(all.Count);
        while (ready.TryDequeue(out var node, out _))
        {
            order.Add(node);
            foreach (var target in edges[node])
            {
                if (--inDegree[target] == 0) ready.Enqueue(target, target);
            }
        }

        var position = new int[all.Count];
        for (var p = 0; p < order.Count; p++) position[order[p]] = p;

        var nodes = new Node[order.Count];
        var successors = new int[order.Count][];
        var trueBranch = new int[order.Count];
        var falseBranch = new int[order.Count];
        for (var p = 0; p < order.Count; p++)
        {
            var original = order[p];
            var node = all[original];
            nodes[p] = node;
            successors[p] = [.. edges[original].Select(t => position[t])];
            trueBranch[p] = falseBranch[p] = NoBranch;
            if (node is ConditionalNode conditional)
            {
                if (conditional.TrueBranch is { } whenTrue) trueBranch[p] = position[index[whenTrue]];
                if (conditional.FalseBranch is { } whenFalse) falseBranch[p] = position[index[whenFalse]];
            }
        }

        return new FlowPlan(nodes, successors, trueBranch, falseBranch);
    }

    private static string Names(IEnumerable<Node> nodes) => string.Join(", ", nodes.Select(n => $"'{n.Name}'"));
}
