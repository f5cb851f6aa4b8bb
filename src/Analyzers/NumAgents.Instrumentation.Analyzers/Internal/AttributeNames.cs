using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace NumAgents.Instrumentation.Analyzers.Internal;

/// <summary>Reads the name an instrumentation attribute gives (its constructor argument or <c>Name = ...</c>) and where it is written.</summary>
internal static class AttributeNames
{
    /// <summary>The explicit name, or <see langword="null"/> when the attribute uses the default.</summary>
    public static string? ExplicitName(AttributeData attribute)
    {
        foreach (var named in attribute.NamedArguments)
        {
            if (named.Key == "Name" && named.Value.Value is string name) return name;
        }

        return attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is string positional ? positional : null;
    }

    /// <summary>The expression that spells the name, or the whole attribute when the default is used.</summary>
    public static Location Location(AttributeData attribute, CancellationToken cancellationToken)
    {
        if (attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is not AttributeSyntax syntax) return Microsoft.CodeAnalysis.Location.None;
        return NameExpression(syntax)?.GetLocation() ?? syntax.GetLocation();
    }

    /// <summary>The argument expression carrying the name in <paramref name="syntax"/>, if written.</summary>
    public static ExpressionSyntax? NameExpression(AttributeSyntax syntax)
    {
        if (syntax.ArgumentList is null) return null;
        foreach (var argument in syntax.ArgumentList.Arguments)
        {
            if (argument.NameEquals is { } equals)
            {
                if (equals.Name.Identifier.ValueText == "Name") return argument.Expression;
                continue;
            }

            if (argument.NameColon is null || argument.NameColon.Name.Identifier.ValueText == "name") return argument.Expression;
        }

        return null;
    }
}
