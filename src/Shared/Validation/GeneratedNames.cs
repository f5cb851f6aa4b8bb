namespace NumAgents.Instrumentation.Validation;

/// <summary>
/// The names the generated interceptor declares where the intercepted method's parameters and type parameters
/// are in scope too. Each starts with <c>__</c>: the generator renames a parameter whose name starts so, and
/// leaves alone a method with such a type parameter (NAI0010), so the two can never meet.
/// </summary>
internal static class GeneratedNames
{
    /// <summary>What every generated name starts with.</summary>
    public const string Prefix = "__";

    /// <summary>The static field holding the method's <c>InstrumentationSite</c>.</summary>
    public const string Site = "__site";

    /// <summary>The method that records one call.</summary>
    public const string Instrumented = "__Instrumented";

    /// <summary>The async method that ends a call when the task it returned completes.</summary>
    public const string Complete = "__Complete";

    /// <summary>The method that records the token usage an LLM call's result reports.</summary>
    public const string RecordUsage = "__RecordUsage";

    /// <summary>
    /// The file-local class that holds an interceptor. A method named so cannot lend its name to the
    /// interceptor (a member may not be named like its class: CS0542).
    /// </summary>
    public const string InterceptorClass = "Interceptor";

    /// <summary>
    /// The interceptor's own name when the method's name cannot be reused: it starts with <c>__</c>, is
    /// <see cref="InterceptorClass"/>, or names a member of <see cref="object"/>, which a static interceptor
    /// with the same parameters would hide (CS0108: a user's <c>static new bool Equals(object, object)</c>).
    /// </summary>
    public const string Intercept = "__Intercept";

    /// <summary>The instance the intercepted method is called on.</summary>
    public const string Receiver = "__receiver";

    /// <summary>Whether an interceptor may be named like the method it intercepts (see <see cref="Intercept"/>).</summary>
    public static bool CanNameInterceptor(string methodName)
        => !IsReserved(methodName) && methodName is not (InterceptorClass or "Equals" or "ReferenceEquals" or "GetHashCode" or "GetType" or "ToString" or "MemberwiseClone" or "Finalize");

    /// <summary>Whether generated code may not reuse <paramref name="name"/> for a parameter or type parameter of its own.</summary>
    public static bool IsReserved(string name) => name.StartsWith(Prefix, System.StringComparison.Ordinal);
}
