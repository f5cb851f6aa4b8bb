using System;
using System.Text;

namespace NumAgents.Instrumentation.Generators.Helpers;

/// <summary>
/// Writes C# source with indentation handled for the caller: <see cref="WriteLine(string)"/> indents
/// each line (including every line of a multi-line raw string), <see cref="OpenBlock(string)"/> and
/// <see cref="CloseBlock"/> write braces and move the indentation.
/// </summary>
internal sealed class SourceWriter
{
    private const int IndentSize = 4;
    private readonly StringBuilder _builder = new();
    private int _indent;

    public int Indent
    {
        get => _indent;
        set => _indent = value < 0 ? throw new ArgumentOutOfRangeException(nameof(value)) : value;
    }

    public SourceWriter WriteLine()
    {
        _builder.Append('\n');
        return this;
    }

    /// <summary>Writes <paramref name="text"/> line by line at the current indentation; blank lines stay empty.</summary>
    public SourceWriter WriteLine(string text)
    {
        var start = 0;
        while (start <= text.Length)
        {
            var end = text.IndexOf('\n', start);
            if (end < 0) end = text.Length;
            var line = text.Substring(start, end - start).TrimEnd('\r');
            if (line.Length > 0)
            {
                _builder.Append(' ', _indent * IndentSize).Append(line);
            }

            _builder.Append('\n');
            start = end + 1;
        }

        return this;
    }

    public SourceWriter OpenBlock(string header)
    {
        WriteLine(header);
        WriteLine("{");
        _indent++;
        return this;
    }

    public SourceWriter OpenBlock()
    {
        WriteLine("{");
        _indent++;
        return this;
    }

    public SourceWriter CloseBlock(string suffix = "")
    {
        _indent--;
        WriteLine("}" + suffix);
        return this;
    }

    public override string ToString() => _builder.ToString();
}
