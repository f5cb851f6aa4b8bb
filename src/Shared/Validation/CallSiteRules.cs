using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace NumAgents.Instrumentation.Validation;

/// <summary>
/// Which calls to an attributed method the generator rewrites: the generator acts on these answers and the
/// analyzers explain the one a user can act on (NAI0017), from this one file.
/// </summary>
internal static class CallSiteRules
{
    /// <summary>
    /// A syntactic filter for calls that could be intercepted: a named method called directly, through
    /// member access or conditional access. <c>base.M()</c> is never intercepted (it would turn a
    /// non-virtual call into a virtual one), nor is <c>nameof(...)</c>.
    /// </summary>
    public static bool IsCandidateInvocation(SyntaxNode node) => node is InvocationExpressionSyntax invocation && invocation.Expression switch
    {
        IdentifierNameSyntax identifier => identifier.Identifier.ValueText != "nameof",
        GenericNameSyntax => true,
        MemberAccessExpressionSyntax access => access.Expression is not BaseExpressionSyntax,
        MemberBindingExpressionSyntax => true,
        _ => false,
    };

    /// <summary>The method whose attributes decide whether a call to <paramref name="called"/> is intercepted.</summary>
    public static IMethodSymbol InterceptedMethod(IMethodSymbol called) => (called.ReducedFrom ?? called).OriginalDefinition;

    /// <summary>
    /// Whether the call is inside a lambda converted to an expression tree (including the lambdas a
    /// query over <c>IQueryable</c> is translated into): such a call is data, not code to run.
    /// </summary>
    public static bool IsInExpressionTree(SyntaxNode node, SemanticModel model, System.Threading.CancellationToken cancellationToken)
    {
        for (var operation = model.GetOperation(node, cancellationToken); operation is not null; operation = operation.Parent)
        {
            if (operation is IAnonymousFunctionOperation && operation.Parent?.Type is INamedTypeSymbol type && IsLambdaExpression(type)) return true;
        }

        return false;

        static bool IsLambdaExpression(INamedTypeSymbol type)
        {
            for (var current = type; current is not null; current = current.BaseType)
            {
                if (current is { Name: "LambdaExpression", ContainingNamespace: { Name: "Expressions", ContainingNamespace: { Name: "Linq", ContainingNamespace: { Name: "System" } } } }) return true;
            }

            return false;
        }
    }

    /// <summary>
    /// Why a call the syntactic filter kept must still not be intercepted, although its method can be, or
    /// <see langword="null"/>: an interface member called on a type parameter that may be a struct is a
    /// constrained call on the caller's own storage, while an interceptor can only take the interface, so the
    /// struct would be boxed and a mutation would change a copy.
    /// </summary>
    /// <param name="target">Its method (<see cref="InterceptedMethod"/>).</param>
    /// <param name="receiverType">The type of the expression it is called on, if any.</param>
    public static string? WhyCallNotIntercepted(IMethodSymbol target, ITypeSymbol? receiverType)
    {
        if (target.IsStatic || target.ContainingType?.TypeKind != TypeKind.Interface) return null;
        if (receiverType is ITypeParameterSymbol { IsReferenceType: false } typeParameter)
        {
            return "it is called on '" + typeParameter.Name + "', a type parameter that may be a struct: an interceptor takes the interface, so it would box the struct and the call would change a copy";
        }

        return null;
    }

    /// <summary>The type of the instance a call is made on, from its operation.</summary>
    public static ITypeSymbol? ReceiverType(InvocationExpressionSyntax invocation, SemanticModel model, System.Threading.CancellationToken cancellationToken)
        => model.GetOperation(invocation, cancellationToken) is IInvocationOperation { Instance: { } instance } ? instance.Type : null;
}
