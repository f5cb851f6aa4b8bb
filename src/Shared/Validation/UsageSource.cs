namespace NumAgents.Instrumentation.Validation;

/// <summary>Where the generated code of an <c>[LlmCall]</c> method reads the call's token usage from.</summary>
internal enum UsageSource
{
    /// <summary>Nowhere: the method's result carries no usage the generated code can read (NAI0020).</summary>
    None,

    /// <summary>A <c>NumAgents.Instrumentation.TokenUsage</c>.</summary>
    TokenUsage,

    /// <summary>A <c>TokenUsage?</c>.</summary>
    NullableTokenUsage,

    /// <summary>A type implementing <c>NumAgents.Instrumentation.ITokenUsageReport</c> (a class, an interface, a struct or a type parameter).</summary>
    Report,

    /// <summary>A nullable struct implementing <c>ITokenUsageReport</c>.</summary>
    NullableReport,

    /// <summary>Microsoft.Extensions.AI's <c>ChatResponse</c> or a type derived from it: its <c>Usage</c> and <c>ModelId</c>.</summary>
    ChatResponse,

    /// <summary>Microsoft.Extensions.AI's <c>UsageDetails</c> or a type derived from it.</summary>
    UsageDetails,
}
