using Microsoft.CodeAnalysis;

namespace NumAgents.Instrumentation.Analyzers.Internal;

/// <summary>One label written at a call site: its key (when constant) and the operations for key and value.</summary>
internal readonly struct LabelPair
{
    public LabelPair(IOperation keyOperation, IOperation valueOperation)
    {
        KeyOperation = keyOperation;
        ValueOperation = valueOperation;
        Key = keyOperation.ConstantValue is { HasValue: true, Value: string key } ? key : null;
    }

    public IOperation KeyOperation { get; }

    public IOperation ValueOperation { get; }

    /// <summary>The key when it is a compile-time constant.</summary>
    public string? Key { get; }
}
