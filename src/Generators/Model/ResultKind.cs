namespace NumAgents.Instrumentation.Generators.Model;

/// <summary>What is known of an LLM call's result type where the generated code reads it.</summary>
internal enum ResultKind
{
    /// <summary>A class or interface (or a type parameter constrained to one): read through the interface, a reference conversion.</summary>
    Reference,

    /// <summary>A struct: read by a constrained call on the value itself, never boxed, never null.</summary>
    Value,

    /// <summary>A type parameter that may be either: read by a constrained call after a null test.</summary>
    Unknown,
}
