using System.ComponentModel;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace NumAgents.Instrumentation.Generated;

/// <summary>Formats a <see cref="LabelAttribute"/> value for generated code. Not meant to be called by hand.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class LabelValue
{
    /// <summary>
    /// A string as it is (<see langword="null"/> as empty), a <see cref="bool"/> as <c>true</c>/<c>false</c>,
    /// anything else formatted with the invariant culture.
    /// </summary>
    /// <typeparam name="T">The member's type; specialised per type, so a string or bool is not boxed.</typeparam>
    /// <param name="value">The parameter or property value.</param>
    public static string Of<T>(T value)
    {
        if (typeof(T) == typeof(string)) return Unsafe.As<T, string?>(ref value) ?? string.Empty;
        if (typeof(T) == typeof(bool)) return Unsafe.As<T, bool>(ref value) ? "true" : "false";
        return value switch
        {
            null => string.Empty,
            bool flag => flag ? "true" : "false",
            IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture) ?? string.Empty,
            _ => value.ToString() ?? string.Empty,
        };
    }
}
