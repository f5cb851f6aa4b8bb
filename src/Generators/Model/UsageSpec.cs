using NumAgents.Instrumentation.Validation;

namespace NumAgents.Instrumentation.Generators.Model;

/// <summary>
/// Where an <c>[LlmCall]</c> method's generated code reads the call's token usage from, and which counts of
/// Microsoft.Extensions.AI's <c>UsageDetails</c> the referenced version has. Immutable and value-equal, or caching breaks.
/// </summary>
/// <param name="Source">What the result is (never <see cref="UsageSource.None"/>: such a method has no usage spec).</param>
/// <param name="HasInput"><c>InputTokenCount</c> exists.</param>
/// <param name="HasOutput"><c>OutputTokenCount</c> exists.</param>
/// <param name="HasCachedInput"><c>CachedInputTokenCount</c> exists.</param>
/// <param name="HasReasoning"><c>ReasoningTokenCount</c> exists.</param>
/// <param name="HasModelId"><c>ChatResponse.ModelId</c> exists.</param>
/// <param name="ResultKind">Whether the result is known to be a reference or a value type, which decides how a report is read without boxing.</param>
internal sealed record UsageSpec(UsageSource Source, bool HasInput, bool HasOutput, bool HasCachedInput, bool HasReasoning, bool HasModelId, ResultKind ResultKind);
