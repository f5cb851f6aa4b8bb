using NumAgents.Instrumentation.Generators.Helpers;

namespace NumAgents.Instrumentation.Generators.Model;

/// <summary>
/// One attributed method, as its interceptor needs it. Holds only strings, enums and value-equal
/// arrays (never a symbol or syntax node), so it must stay immutable and value-equal or incremental
/// caching breaks. Every identifier in it is already escaped as C# needs (<c>@event</c>); the labels
/// are plain names.
/// </summary>
/// <param name="Id">The method's documentation id: unique, and stable across compilations.</param>
/// <param name="HintName">The generated file's name.</param>
/// <param name="DisplayName">The method as a reader knows it, for comments.</param>
/// <param name="ClassLabel">The <c>class</c> label: the containing type's simple name.</param>
/// <param name="MethodName">The <c>method</c> label: the method's simple name.</param>
/// <param name="InterceptorName">The name of the generated interceptor (the method's, where no generated name can meet it).</param>
/// <param name="ReceiverType">The type of the instance the method is called on, or empty for a static method.</param>
/// <param name="ReceiverModifier">How that instance is passed: <c>ref </c> or <c>in </c> for a struct, else empty.</param>
/// <param name="CallTarget">The forwarded call up to its type arguments: <c>__receiver.Name</c> or <c>global::Ns.Type.Name</c>.</param>
/// <param name="TypeArguments">The method's own type arguments in the forwarded call (<c>&lt;T&gt;</c>), or empty.</param>
/// <param name="ReturnType">The declared return type, fully qualified (<c>void</c> for none).</param>
/// <param name="Shape">How the method completes.</param>
/// <param name="Parameters">The parameters after the receiver.</param>
/// <param name="TypeParameters">The interceptor's type parameters: the containing types', then the method's.</param>
/// <param name="Attributes">The method's own nullable-analysis attributes (<c>DoesNotReturn</c>), which the interceptor repeats.</param>
/// <param name="ReturnAttributes">The return value's nullable-analysis attributes, which the interceptor repeats.</param>
/// <param name="SuppressedWarnings">Diagnostics the forwarded call would repeat from the user's own call: ids the generated file disables, and <c>Obsolete</c> when the interceptor class must be obsolete (see <c>Parser.SuppressedWarnings</c>).</param>
/// <param name="Instruments">What to record.</param>
/// <param name="Usage">Where an <c>[LlmCall]</c> method's result carries token usage; <see langword="null"/> for nowhere (and for every other method).</param>
internal sealed record MethodSpec(
    string Id,
    string HintName,
    string DisplayName,
    string ClassLabel,
    string MethodName,
    string InterceptorName,
    string ReceiverType,
    string ReceiverModifier,
    string CallTarget,
    string TypeArguments,
    string ReturnType,
    ReturnShape Shape,
    EquatableArray<ParameterSpec> Parameters,
    EquatableArray<TypeParameterSpec> TypeParameters,
    EquatableArray<AttributeSpec> Attributes,
    EquatableArray<AttributeSpec> ReturnAttributes,
    EquatableArray<string> SuppressedWarnings,
    InstrumentsSpec Instruments,
    UsageSpec? Usage);
