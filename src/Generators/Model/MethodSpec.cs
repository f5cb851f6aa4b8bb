using NumAgents.Instrumentation.Generators.Helpers;

namespace NumAgents.Instrumentation.Generators.Model;

/// <summary>
/// One attributed method, as its interceptor needs it. Holds only strings, enums and value-equal
/// arrays (never a symbol or syntax node), so it must stay immutable and value-equal or incremental
/// caching breaks.
/// </summary>
/// <param name="Id">The method's documentation id: unique, and stable across compilations.</param>
/// <param name="HintName">The generated file's name.</param>
/// <param name="DisplayName">The method as a reader knows it, for comments.</param>
/// <param name="ClassLabel">The <c>class</c> label: the containing type's simple name.</param>
/// <param name="MethodName">The <c>method</c> label and the name called.</param>
/// <param name="ReceiverType">The type of the instance the method is called on, or empty for a static method.</param>
/// <param name="ReceiverModifier">How that instance is passed: <c>ref </c> or <c>in </c> for a struct, else empty.</param>
/// <param name="CallTarget">What precedes the method name in the forwarded call: <c>__receiver.</c> or <c>global::Ns.Type.</c>.</param>
/// <param name="TypeArguments">The method's own type arguments in the forwarded call (<c>&lt;T&gt;</c>), or empty.</param>
/// <param name="ReturnType">The declared return type, fully qualified (<c>void</c> for none).</param>
/// <param name="Shape">How the method completes.</param>
/// <param name="ResultType">The awaited or enumerated element type, or the return type of a synchronous method.</param>
/// <param name="Parameters">The parameters after the receiver.</param>
/// <param name="TypeParameters">The interceptor's type parameters: the containing types', then the method's.</param>
/// <param name="Instruments">What to record.</param>
internal sealed record MethodSpec(
    string Id,
    string HintName,
    string DisplayName,
    string ClassLabel,
    string MethodName,
    string ReceiverType,
    string ReceiverModifier,
    string CallTarget,
    string TypeArguments,
    string ReturnType,
    ReturnShape Shape,
    string ResultType,
    EquatableArray<ParameterSpec> Parameters,
    EquatableArray<TypeParameterSpec> TypeParameters,
    InstrumentsSpec Instruments);
