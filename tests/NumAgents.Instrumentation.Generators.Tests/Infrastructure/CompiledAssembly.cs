using Microsoft.CodeAnalysis;
using System.Reflection;
using System.Runtime.Loader;

namespace NumAgents.Instrumentation.Generators.Tests.Infrastructure;

/// <summary>
/// Test sources compiled with the generator's output (warning-free, nullable enabled, as the
/// repository's TreatWarningsAsErrors build demands) and loaded into a collectible context; the
/// runtime assembly is shared with the test, so the test reads the same <see cref="AgentMonitor"/>.
/// </summary>
internal sealed class CompiledAssembly : IDisposable
{
    private readonly AssemblyLoadContext _context;

    private CompiledAssembly(AssemblyLoadContext context, Assembly assembly, GeneratorRun run)
    {
        _context = context;
        Assembly = assembly;
        Run = run;
    }

    public Assembly Assembly { get; }

    public GeneratorRun Run { get; }

    public static CompiledAssembly Compile(params (string Path, string Source)[] sources) => Compile(sources, intercept: true);

    /// <summary>Without interceptors: the same sources as the user wrote them, to compare behaviour with.</summary>
    public static CompiledAssembly CompileWithoutInterceptors(string source) => Compile([("Program.cs", source)], intercept: false);

    /// <summary>An application compiled against a library compiled first (the library is loaded beside it).</summary>
    public static CompiledAssembly CompileWithLibrary(string librarySource, string applicationSource)
    {
        using var library = Compile([("Library.cs", librarySource)], intercept: false, libraries: []);
        using var image = new MemoryStream();
        Assert.True(library.Run.Output.Emit(image).Success);
        return Compile([("Program.cs", applicationSource)], intercept: true, libraries: [image.ToArray()]);
    }

    private static CompiledAssembly Compile((string Path, string Source)[] sources, bool intercept, byte[][]? libraries = null)
    {
        libraries ??= [];
        var run = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(
            sources,
            intercept ? GeneratorHarness.ParseOptions : GeneratorHarness.ParseOptionsWithoutInterceptors,
            extraReferences: libraries.Select(image => MetadataReference.CreateFromImage(image))));
        Assert.Null(run.GeneratorException);
        if (intercept && libraries.Length == 0) Assert.NotEmpty(run.Sources);
        var problems = run.CompilationProblems();
        Assert.True(problems.Count == 0, "The instrumented code does not compile cleanly:\n" + string.Join("\n", problems));

        using var image = new MemoryStream();
        var emitted = run.Output.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        image.Position = 0;
        var context = new AssemblyLoadContext("instrumented-" + Guid.NewGuid().ToString("N"), isCollectible: true);
        foreach (var library in libraries)
        {
            context.LoadFromStream(new MemoryStream(library));
        }

        return new CompiledAssembly(context, context.LoadFromStream(image), run);
    }

    public static CompiledAssembly Compile(string source) => Compile(("Program.cs", source));

    public Type Type(string name) => Assembly.GetType(name, throwOnError: true)!;

    /// <summary>A static method as a delegate, so exceptions reach the test unwrapped.</summary>
    public TDelegate Method<TDelegate>(string typeName, string methodName)
        where TDelegate : Delegate
        => Type(typeName).GetMethod(methodName, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)!.CreateDelegate<TDelegate>();

    public T Create<T>(string typeName, params object?[] arguments) => (T)Activator.CreateInstance(Type(typeName), arguments)!;

    public void Dispose() => _context.Unload();
}
