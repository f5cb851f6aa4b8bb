namespace NumAgents.Instrumentation.Generators.Model;

/// <summary>How to reopen a type as a partial declaration: <c>class</c>, <c>Outer</c> (escaped: <c>@event</c>), <c>&lt;T&gt;</c>.</summary>
internal readonly record struct TypeDeclarationSpec(string Keyword, string Name, string TypeParameters);
