using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using NumAgents.Instrumentation.Validation;

namespace NumAgents.Instrumentation.Analyzers.Internal;

/// <summary>
/// The words of agent code that make a metric label unbounded and personal (NAI0021): prompt and response text, a
/// conversation, session, user, thread or chat id, an e-mail address; and the Microsoft.Extensions.AI types that hold
/// such content. A key is read as words (<c>conversationId</c>, <c>conversation_id</c> and <c>Conversation-ID</c> alike).
/// </summary>
/// <remarks>
/// A content word followed by a word that names a bounded property of it is not content: <c>input_type</c>,
/// <c>message_role</c>, <c>content_type</c>, <c>response_status</c>, <c>prompt_template</c>, <c>output_format</c>,
/// <c>input_tokens</c> have few values (or are numbers, which NAI0001 judges). <c>model</c>, <c>tool</c>, <c>node</c>,
/// <c>operation</c> and <c>provider</c> are no content words at all.
/// </remarks>
internal static class SensitiveLabels
{
    private static readonly ImmutableHashSet<string> ContentWords = ImmutableHashSet.Create(
        StringComparer.Ordinal,
        "prompt", "prompts", "response", "responses", "completion", "completions", "message", "messages", "content", "contents",
        "input", "inputs", "output", "outputs", "question", "questions", "answer", "answers", "text", "texts");

    private static readonly ImmutableHashSet<string> IdentityWords = ImmutableHashSet.Create(StringComparer.Ordinal, "conversation", "session", "user", "thread", "chat");

    private static readonly ImmutableHashSet<string> IdWords = ImmutableHashSet.Create(StringComparer.Ordinal, "id", "ids", "key", "guid", "uuid");

    /// <summary>Words that, last in a key, name a bounded property of the content rather than the content.</summary>
    private static readonly ImmutableHashSet<string> BoundedQualifiers = ImmutableHashSet.Create(
        StringComparer.Ordinal,
        "type", "types", "kind", "category", "class", "format", "mode", "status", "state", "code", "role", "name", "version", "template",
        "language", "lang", "locale", "reason", "source", "model", "provider", "tool", "node", "operation", "stage", "step", "phase",
        "tier", "size", "length", "count", "tokens", "bucket", "encoding", "schema", "channel", "level", "filter", "policy");

    /// <summary>Keys that are one identity word run together (<c>userid</c>, <c>sessionid</c>).</summary>
    private static readonly ImmutableHashSet<string> JoinedIdentities = ImmutableHashSet.Create(
        StringComparer.Ordinal, "conversationid", "sessionid", "userid", "threadid", "chatid", "username");

    /// <summary>Microsoft.Extensions.AI types whose values are prompt or response content.</summary>
    private static readonly ImmutableHashSet<string> ContentTypes = ImmutableHashSet.Create(StringComparer.Ordinal, "ChatMessage", "ChatResponse", "ChatResponseUpdate", "AIContent");

    public const string ContentReason = "names prompt or response text, messages or content";

    public const string IdentityReason = "names a conversation, session, user, thread or chat id";

    public const string EmailReason = "names an e-mail address";

    /// <summary>Why the key (or member name) <paramref name="key"/> is sensitive, or <see langword="null"/>.</summary>
    public static string? WhyKey(string key)
    {
        var words = Words(key);
        if (words.Count == 0) return null;
        var joined = string.Concat(words);
        if (joined.Contains("email")) return EmailReason;
        if (JoinedIdentities.Contains(joined)) return IdentityReason;
        for (var i = 0; i + 1 < words.Count; i++)
        {
            if (IdentityWords.Contains(words[i]) && (IdWords.Contains(words[i + 1]) || (words[i] == "user" && words[i + 1] == "name"))) return IdentityReason;
        }

        if (BoundedQualifiers.Contains(words[words.Count - 1]) && words.Count > 1) return null;
        foreach (var word in words)
        {
            if (ContentWords.Contains(word)) return ContentReason;
        }

        return null;
    }

    /// <summary>Why a value of <paramref name="type"/> is prompt or response content, or <see langword="null"/>.</summary>
    public static string? WhyType(ITypeSymbol? type)
    {
        if (type is null) return null;
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable) type = nullable.TypeArguments[0];
        if (ContentTypeName(type) is { } name) return "holds a Microsoft.Extensions.AI " + name + ", which is prompt or response content";
        var element = type is IArrayTypeSymbol array ? array.ElementType : EnumeratedType(type);
        if (element is not null && ContentTypeName(element) is { } elementName) return "holds Microsoft.Extensions.AI " + elementName + " values, which are prompt or response content";
        return null;
    }

    /// <summary><c>Text</c>, <c>ToString()</c> or an interpolation of a content value: a label value made from a ChatMessage.</summary>
    public static string? WhyValue(IOperation? value, int depth = 0)
    {
        if (value is null || depth > 4) return null;
        switch (value)
        {
            case IConversionOperation conversion:
                return WhyValue(conversion.Operand, depth + 1);
            case IPropertyReferenceOperation property:
                return WhyType(property.Instance?.Type) ?? WhyValue(property.Instance, depth + 1);
            case IInvocationOperation invocation:
                return WhyType(invocation.Instance?.Type) ?? WhyValue(invocation.Instance, depth + 1);
            case IInterpolatedStringOperation interpolated:
                foreach (var part in interpolated.Parts)
                {
                    if (part is IInterpolationOperation interpolation && (WhyType(interpolation.Expression.Type) ?? WhyValue(interpolation.Expression, depth + 1)) is { } why) return why;
                }

                return null;
            default:
                return null;
        }
    }

    private static string? ContentTypeName(ITypeSymbol type)
    {
        for (var current = type as INamedTypeSymbol; current is not null; current = current.BaseType)
        {
            if (current.Arity == 0 && ContentTypes.Contains(current.Name) && IsAINamespace(current.ContainingNamespace)) return current.Name;
        }

        return null;
    }

    private static ITypeSymbol? EnumeratedType(ITypeSymbol type)
    {
        if (type.SpecialType == SpecialType.System_String) return null;
        IEnumerable<INamedTypeSymbol> candidates = type is INamedTypeSymbol named ? type.AllInterfaces.Add(named) : type.AllInterfaces;
        foreach (var candidate in candidates)
        {
            if (candidate.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T) return candidate.TypeArguments[0];
        }

        return null;
    }

    private static bool IsAINamespace(INamespaceSymbol? ns)
        => ns is { Name: "AI" } && ns.ContainingNamespace is { Name: "Extensions" } extensions && extensions.ContainingNamespace is { Name: "Microsoft" } microsoft && microsoft.ContainingNamespace is { IsGlobalNamespace: true };

    /// <summary><c>conversationId</c>, <c>conversation_id</c>, <c>Conversation-ID</c>, <c>gen_ai.prompt</c> as lowercase words.</summary>
    private static List<string> Words(string key)
    {
        var words = new List<string>();
        foreach (var part in InstrumentationInput.ToSnakeCase(key).Split(new[] { '_', '.', '-', ' ', '/', ':' }, StringSplitOptions.RemoveEmptyEntries))
        {
            var word = part.ToLowerInvariant();
            if (word.Length > 0) words.Add(word);
        }

        return words;
    }
}
