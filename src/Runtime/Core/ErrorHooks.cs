namespace NumAgents.Core;

/// <summary>Runs the error hooks of a node or a flow: every hook runs; if any throws, the original failure and the hooks' travel together.</summary>
internal static class ErrorHooks
{
    /// <summary>
    /// Runs every hook; throws an <see cref="AggregateException"/> (the original failure first) if any hook
    /// threw, whose message names the owner as <paramref name="owner"/> says (for example <c>Node 'plan'</c>).
    /// </summary>
    public static void Run<TOwner>(Action<TOwner, SharedStore, Exception>[] hooks, TOwner subject, SharedStore shared, Exception exception, string owner)
    {
        List<Exception>? hookFailures = null;
        foreach (var hook in hooks)
        {
            try
            {
                hook(subject, shared, exception);
            }
            catch (Exception hookFailure)
            {
                (hookFailures ??= []).Add(hookFailure);
            }
        }

        if (hookFailures is not null)
        {
            throw new AggregateException($"{owner} failed with {exception.GetType().Name} and an error hook failed too.", [exception, .. hookFailures]);
        }
    }
}
