using NumAgents.Core;

namespace NumAgents.Instrumentation.Tests.Core;

/// <summary>An async node whose work is a delegate.</summary>
internal sealed class DelegateAsyncNode : AsyncNode
{
    private readonly Func<SharedStore, CancellationToken, Task<NodeResult>> _work;
    private int _attempts;

    public DelegateAsyncNode(string? name, Func<SharedStore, CancellationToken, Task<NodeResult>> work)
        : base(name)
    {
        _work = work;
    }

    public int Attempts => Volatile.Read(ref _attempts);

    protected override Task<NodeResult> ExecAsync(SharedStore shared, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _attempts);
        return _work(shared, cancellationToken);
    }
}
