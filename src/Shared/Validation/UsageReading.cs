using Microsoft.CodeAnalysis;

namespace NumAgents.Instrumentation.Validation;

/// <summary>
/// What the result of an <c>[LlmCall]</c> method says about the call's usage, and which of Microsoft.Extensions.AI's
/// members the referenced version has (a count the version lacks is passed as <see langword="null"/>).
/// </summary>
internal sealed class UsageReading
{
    public UsageReading(UsageSource source, ITypeSymbol? resultType, bool streams, bool hasInput = false, bool hasOutput = false, bool hasCachedInput = false, bool hasReasoning = false, bool hasModelId = false)
    {
        Source = source;
        ResultType = resultType;
        Streams = streams;
        HasInput = hasInput;
        HasOutput = hasOutput;
        HasCachedInput = hasCachedInput;
        HasReasoning = hasReasoning;
        HasModelId = hasModelId;
    }

    public UsageSource Source { get; }

    /// <summary>The value usage is read from: the return type, or the result of the task it returns; <see langword="null"/> for none.</summary>
    public ITypeSymbol? ResultType { get; }

    /// <summary>Whether the method returns <c>IAsyncEnumerable&lt;T&gt;</c> (a stream of updates, which the generated code does not read).</summary>
    public bool Streams { get; }

    /// <summary><c>UsageDetails.InputTokenCount</c> exists.</summary>
    public bool HasInput { get; }

    /// <summary><c>UsageDetails.OutputTokenCount</c> exists.</summary>
    public bool HasOutput { get; }

    /// <summary><c>UsageDetails.CachedInputTokenCount</c> exists.</summary>
    public bool HasCachedInput { get; }

    /// <summary><c>UsageDetails.ReasoningTokenCount</c> exists.</summary>
    public bool HasReasoning { get; }

    /// <summary><c>ChatResponse.ModelId</c> exists.</summary>
    public bool HasModelId { get; }
}
