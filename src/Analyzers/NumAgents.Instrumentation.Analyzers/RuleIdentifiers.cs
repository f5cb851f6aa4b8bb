namespace NumAgents.Instrumentation.Analyzers;

/// <summary>The diagnostic ids of every NumAgents.Instrumentation rule; each has a page at <c>docs/rules/{id}.md</c>.</summary>
public static class RuleIdentifiers
{
    /// <summary>A label value comes from an unbounded source (a Guid, a timestamp, a number, random data...).</summary>
    public const string HighCardinalityLabelValue = "NAI0001";

    /// <summary>A label key names a per-user, per-request or per-event value (<c>user_id</c>, <c>url</c>...).</summary>
    public const string HighCardinalityLabelKey = "NAI0002";

    /// <summary>The label sets a metric can reach exceed the cardinality budget.</summary>
    public const string CardinalityBudgetExceeded = "NAI0003";

    /// <summary>A metric name cannot become a usable Prometheus name, even after sanitizing.</summary>
    public const string InvalidPrometheusName = "NAI0004";

    /// <summary>Two metric names export as the same Prometheus name.</summary>
    public const string PrometheusNameCollision = "NAI0005";

    /// <summary>One metric name is used as two kinds (counter, gauge, histogram, timer).</summary>
    public const string MetricKindClash = "NAI0006";

    /// <summary>An instrumented node class, or a type containing it, is not partial.</summary>
    public const string NodeClassMustBePartial = "NAI0007";

    /// <summary>A class-level instrumentation attribute is on a type that does not derive from <c>NumAgents.Core.Node</c>.</summary>
    public const string ClassAttributeRequiresNode = "NAI0008";

    /// <summary>The node member the generated code overrides is sealed or already overridden by the user.</summary>
    public const string WrappedNodeMemberUnavailable = "NAI0009";

    /// <summary>An instrumentation attribute is on a method whose calls can never be intercepted.</summary>
    public const string MethodCannotBeIntercepted = "NAI0010";

    /// <summary>A timer or span is started and never disposed.</summary>
    public const string ScopeNotDisposed = "NAI0011";

    /// <summary>A metric or span name is not in lowercase dotted form.</summary>
    public const string NamingConvention = "NAI0012";

    /// <summary>An argument of <c>[Traced]</c>, <c>[Timed]</c> or <c>[Counted]</c> is invalid, so the member gets no instrumentation.</summary>
    public const string InvalidAttributeArgument = "NAI0013";

    /// <summary>A <c>[Label]</c> is on a member the instrumentation cannot read or has an invalid key, so the member gets no instrumentation.</summary>
    public const string InvalidLabelMember = "NAI0014";

    /// <summary>The project's settings (language version, <c>InterceptorsNamespaces</c>) keep the generator from instrumenting.</summary>
    public const string InstrumentationNotEnabledInProject = "NAI0015";

    /// <summary>A <c>[Label]</c> sits where no instrumentation ever reads it.</summary>
    public const string LabelHasNoEffect = "NAI0016";

    /// <summary>A call to an instrumented method is left uninstrumented, because intercepting it would change what it does.</summary>
    public const string CallNotIntercepted = "NAI0017";

    /// <summary>A metric name (or label name) that <c>promtool check metrics</c> reports once exported.</summary>
    public const string PromtoolRejectsName = "NAI0018";

    /// <summary>A label key the runtime rejects (reserved or empty): the call throws at run time.</summary>
    public const string RejectedLabelKey = "NAI0019";

    /// <summary>An <c>[LlmCall]</c> method returns a type that carries no token usage the generated code can read.</summary>
    public const string LlmCallWithoutUsage = "NAI0020";

    /// <summary>A metric label holds prompt or response text, or a conversation, session or user id: unbounded, and personal data.</summary>
    public const string SensitiveLabel = "NAI0021";

    /// <summary>A GenAI attribute, <c>[ToolCallId]</c> or <c>[SpanAttribute]</c> the generator ignores.</summary>
    public const string IgnoredGenAIAttribute = "NAI0022";

    /// <summary>Where the rule pages live; a rule's help link is this plus <c>{id}.md</c>.</summary>
    public const string HelpLinkBase = "https://github.com/numagents/NumAgents.Instrumentation/blob/main/docs/rules/";

    internal static string HelpLink(string id) => HelpLinkBase + id + ".md";

    /// <summary>A rule enabled by default whose help link is its page under <c>docs/rules</c>, so no descriptor can point elsewhere.</summary>
    internal static Microsoft.CodeAnalysis.DiagnosticDescriptor CreateRule(string id, string title, string messageFormat, string category, Microsoft.CodeAnalysis.DiagnosticSeverity defaultSeverity, string description, params string[] customTags)
        => new(id, title, messageFormat, category, defaultSeverity, isEnabledByDefault: true, description: description, helpLinkUri: HelpLink(id), customTags: customTags);
}
