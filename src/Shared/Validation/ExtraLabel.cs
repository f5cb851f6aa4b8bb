namespace NumAgents.Instrumentation.Validation;

/// <summary>One <c>"key=value"</c> entry of <c>ExtraLabels</c> and where it stands in the array.</summary>
internal readonly struct ExtraLabel
{
    public ExtraLabel(string key, string value, int index)
    {
        Key = key;
        Value = value;
        Index = index;
    }

    public string Key { get; }

    public string Value { get; }

    /// <summary>The entry's index in the attribute's array, for pointing at it.</summary>
    public int Index { get; }
}
