using System.Collections.Concurrent;
using NumAgents.Core;

namespace NumAgents.Instrumentation.Tests.Core;

/// <summary>A node whose work is a delegate; by default it appends its name to the store's "trail".</summary>
internal sealed class DelegateNode : Node
{
    private readonly Func<SharedStore, NodeResult> _work;
    private int _attempts;

    public DelegateNode(string? name = null, Func<SharedStore, NodeResult>? work = null)
        : base(name)
    {
        _work = work ?? (shared =>
        {
            Trail(shared).Enqueue(Name);
            return new() { ["ran"] = Name };
        });
    }

    public int Attempts => Volatile.Read(ref _attempts);

    public static ConcurrentQueue<string> Trail(SharedStore shared)
        => shared.GetOrAdd("trail", _ => new ConcurrentQueue<string>());

    protected override NodeResult Exec(SharedStore shared)
    {
        Interlocked.Increment(ref _attempts);
        return _work(shared);
    }
}
