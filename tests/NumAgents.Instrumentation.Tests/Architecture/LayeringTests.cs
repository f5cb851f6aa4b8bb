using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace NumAgents.Instrumentation.Tests.Architecture;

/// <summary>
/// The runtime's folders are layers, and each knows only what is below it (issue 12): the flow engine
/// knows no monitor, collectors know no exporter, exporters read collectors and the tracer, the monitor
/// composes them, generated code and hosting sit on top. The source of src/Runtime is compiled here and
/// every type a file names (in code or in an XML doc reference) is looked up: naming a type declared in a
/// higher layer, or in another folder of the same layer, fails the test with the file and the type.
/// </summary>
public sealed class LayeringTests
{
    /// <summary>Folders from the bottom up; folders on one line of this list are peers and may not name each other.</summary>
    private static readonly string[][] Layers =
    [
        ["Internal", "Attributes"],
        ["Core"],
        ["Metrics", "Tracing"],
        ["Logging", "GenAI"],
        ["Export"],
        ["Export/Prometheus", "Export/Jaeger"],
        ["Monitoring"],
        ["Generated"],
        ["Hosting"],
    ];

    [Fact]
    public void No_folder_names_a_type_of_a_folder_above_it_or_beside_it()
    {
        var root = Path.Combine(RepositoryRoot(), "src", "Runtime");
        var files = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal) && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();
        var trees = files.Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), new CSharpParseOptions(LanguageVersion.Preview, DocumentationMode.Parse), f)).ToList();
        var compilation = CSharpCompilation.Create("layering", [.. trees, ImplicitUsings], References(), new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

        var violations = new List<string>();
        foreach (var tree in trees)
        {
            var from = FolderOf(root, tree.FilePath);
            var fromLayer = LayerOf(from);
            var model = compilation.GetSemanticModel(tree);
            foreach (var name in tree.GetRoot().DescendantNodes(descendIntoTrivia: true).OfType<SimpleNameSyntax>())
            {
                var type = TypeNamed(model.GetSymbolInfo(name));
                if (type is null) continue;
                foreach (var declaration in type.DeclaringSyntaxReferences)
                {
                    var to = FolderOf(root, declaration.SyntaxTree.FilePath);
                    if (to == from || to.StartsWith(from + "/", StringComparison.Ordinal)) continue;
                    var toLayer = LayerOf(to);
                    if (toLayer < fromLayer) continue;
                    violations.Add($"{Path.GetRelativePath(root, tree.FilePath)}:{name.GetLocation().GetLineSpan().StartLinePosition.Line + 1} ({from}) names {type.Name} ({to})");
                }
            }
        }

        Assert.True(violations.Count == 0, "Layering violations:\n" + string.Join("\n", violations.Distinct().Order(StringComparer.Ordinal)));
    }

    [Fact]
    public void Every_folder_of_the_runtime_is_a_known_layer()
    {
        var root = Path.Combine(RepositoryRoot(), "src", "Runtime");
        var folders = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal) && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(f => FolderOf(root, f))
            .Distinct();
        Assert.All(folders, folder => Assert.True(LayerOf(folder) >= 0, $"{folder} is in no layer"));
    }

    /// <summary>
    /// The SDK's implicit usings, which the build writes into obj/: without them <c>Span&lt;long&gt;</c> would not
    /// bind to <see cref="System.Span{T}"/> and its candidate would be our own <c>Span</c>.
    /// </summary>
    private static SyntaxTree ImplicitUsings { get; } = CSharpSyntaxTree.ParseText(
        "global using System; global using System.Collections.Generic; global using System.IO; global using System.Linq; global using System.Net.Http; global using System.Threading; global using System.Threading.Tasks;",
        new CSharpParseOptions(LanguageVersion.Preview));

    private static INamedTypeSymbol? TypeNamed(SymbolInfo info)
    {
        var symbol = info.Symbol ?? info.CandidateSymbols.FirstOrDefault();
        return symbol switch
        {
            INamedTypeSymbol type => type.OriginalDefinition,
            IMethodSymbol { MethodKind: MethodKind.Constructor } constructor => constructor.ContainingType.OriginalDefinition,
            IMethodSymbol { IsExtensionMethod: true } extension => (extension.ReducedFrom ?? extension).ContainingType.OriginalDefinition,
            ISymbol { ContainingType: { } containing } member when member is not INamespaceSymbol => containing.OriginalDefinition,
            _ => null,
        };
    }

    /// <summary>The layer folder a file belongs to: its first folder under src/Runtime, or the first two under Export.</summary>
    private static string FolderOf(string root, string path)
    {
        var parts = Path.GetRelativePath(root, path).Split(Path.DirectorySeparatorChar);
        if (parts.Length == 1) return string.Empty;
        if (parts[0] == "Export" && parts.Length > 2) return parts[0] + "/" + parts[1];
        return parts[0];
    }

    private static int LayerOf(string folder)
    {
        for (var i = 0; i < Layers.Length; i++)
        {
            if (Layers[i].Contains(folder)) return i;
        }

        return -1;
    }

    private static IEnumerable<MetadataReference> References()
    {
        var trusted = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var local = Directory.EnumerateFiles(AppContext.BaseDirectory, "Microsoft.Extensions.*.dll");
        return trusted.Concat(local).Where(File.Exists).Distinct().Select(p => MetadataReference.CreateFromFile(p));
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "NumAgents.Instrumentation.sln"))) return directory.FullName;
        }

        throw new InvalidOperationException("The repository root was not found above " + AppContext.BaseDirectory);
    }
}
