namespace NumAgents.Instrumentation.Generators.Model;

/// <summary>How a method completes, which decides how its interceptor waits for it.</summary>
internal enum ReturnShape
{
    /// <summary>Returns nothing.</summary>
    Void,

    /// <summary>Returns a value synchronously.</summary>
    Value,

    /// <summary>Returns <c>Task</c>.</summary>
    Task,

    /// <summary>Returns <c>Task&lt;T&gt;</c>.</summary>
    TaskOfT,

    /// <summary>Returns <c>ValueTask</c>.</summary>
    ValueTask,

    /// <summary>Returns <c>ValueTask&lt;T&gt;</c>.</summary>
    ValueTaskOfT,

    /// <summary>Returns <c>IAsyncEnumerable&lt;T&gt;</c>: the span covers the enumeration.</summary>
    AsyncEnumerable,
}
