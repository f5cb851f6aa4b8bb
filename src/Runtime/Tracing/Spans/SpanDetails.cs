namespace NumAgents.Instrumentation.Tracing;

/// <summary>
/// What a recording span holds beyond its fixed fields, created on the first attribute, event, error or
/// id text, so a span that records none of these costs no second object.
/// </summary>
/// <remarks>
/// <para>
/// Retained spans outlive several collections, so every object a span owns is copied by the GC more than
/// once: the first two attributes and the first event are stored inline (a typical span then owns one
/// object here instead of four); further ones go to arrays. What is rarely needed lives in
/// <see cref="SpanDetailsRare"/>.
/// </para>
/// <para>
/// Writers take a spin lock (<see cref="Acquire"/>, see <see cref="SpinGate"/>).
/// </para>
/// </remarks>
internal sealed class SpanDetails
{
    private const int InlineAttributes = 2;

    private KeyValuePair<string, object?> _attribute0;
    private KeyValuePair<string, object?> _attribute1;
    private KeyValuePair<string, object?>[]? _moreAttributes;
    private ReadOnlyAttributes? _attributeView;
    private string? _event0Name;
    private ReadOnlyAttributes? _event0Attributes;
    private long _event0Ticks;
    private SpanEvent[]? _moreEvents;
    private SpanDetailsRare? _rare;
    private int _attributeCount;
    private int _eventCount;
    private int _lock;

    public string? Error;

    public SpanDetailsRare? Rare => Volatile.Read(ref _rare);

    public SpanDetailsRare RareDetails
    {
        get
        {
            var rare = Volatile.Read(ref _rare);
            if (rare is not null) return rare;
            var created = new SpanDetailsRare();
            return Interlocked.CompareExchange(ref _rare, created, null) ?? created;
        }
    }

    public int EventCount => _eventCount;

    public SpinGate Acquire() => SpinGate.Enter(ref _lock);

    /// <summary>Sets, replaces or (for a null value) removes an attribute. Call under the lock.</summary>
    public void SetAttribute(string key, object? value, int limit)
    {
        var count = _attributeCount;
        for (var i = 0; i < count; i++)
        {
            if (!string.Equals(AttributeAt(i).Key, key, StringComparison.Ordinal)) continue;
            if (value is null)
            {
                for (var j = i; j < count - 1; j++) AttributeAt(j) = AttributeAt(j + 1);
                AttributeAt(count - 1) = default;
                _attributeCount = count - 1;
            }
            else
            {
                AttributeAt(i) = new(key, value);
            }

            _attributeView = null;
            return;
        }

        if (value is null) return;
        if (count == limit)
        {
            RareDetails.DroppedAttributes++;
            return;
        }

        if (count >= InlineAttributes)
        {
            var overflow = count - InlineAttributes;
            if (_moreAttributes is null || overflow == _moreAttributes.Length)
            {
                Array.Resize(ref _moreAttributes, overflow == 0 ? 2 : Math.Min(overflow * 2, limit - InlineAttributes));
            }
        }

        AttributeAt(count) = new(key, value);
        _attributeCount = count + 1;
        _attributeView = null;
    }

    /// <summary>Sizes the store for <paramref name="count"/> attributes (at most <paramref name="limit"/>). Call under the lock.</summary>
    public void Reserve(int count, int limit)
    {
        var overflow = Math.Min(count, limit) - InlineAttributes;
        if (overflow > (_moreAttributes?.Length ?? 0)) Array.Resize(ref _moreAttributes, overflow);
    }

    /// <summary>One attribute's value, or <see langword="null"/>. Call under the lock.</summary>
    public object? FindAttribute(string key)
    {
        for (var i = 0; i < _attributeCount; i++)
        {
            ref var attribute = ref AttributeAt(i);
            if (string.Equals(attribute.Key, key, StringComparison.Ordinal)) return attribute.Value;
        }

        return null;
    }

    /// <summary>An immutable snapshot of the attributes, cached until the next change. Call under the lock.</summary>
    public ReadOnlyAttributes GetAttributes()
    {
        if (_attributeView is { } view) return view;
        var count = _attributeCount;
        if (count == 0) return ReadOnlyAttributes.Empty;
        var items = new KeyValuePair<string, object?>[count];
        for (var i = 0; i < count; i++) items[i] = AttributeAt(i);
        return _attributeView = new ReadOnlyAttributes(items, count);
    }

    /// <summary>Adds an event. Call under the lock.</summary>
    public void AddEvent(string name, long utcTicks, ReadOnlyAttributes attributes, int limit)
    {
        var count = _eventCount;
        if (count == limit)
        {
            RareDetails.DroppedEvents++;
            return;
        }

        if (count == 0)
        {
            _event0Name = name;
            _event0Ticks = utcTicks;
            _event0Attributes = attributes;
        }
        else
        {
            var overflow = count - 1;
            if (_moreEvents is null || overflow == _moreEvents.Length)
            {
                Array.Resize(ref _moreEvents, overflow == 0 ? 2 : Math.Min(overflow * 2, limit - 1));
            }

            _moreEvents[overflow] = new SpanEvent(name, utcTicks, attributes);
        }

        _eventCount = count + 1;
    }

    /// <summary>The events, oldest first. Call under the lock.</summary>
    public SpanEvent[] GetEvents()
    {
        var count = _eventCount;
        if (count == 0) return [];
        var events = new SpanEvent[count];
        events[0] = new SpanEvent(_event0Name!, _event0Ticks, _event0Attributes!);
        if (count > 1) Array.Copy(_moreEvents!, 0, events, 1, count - 1);
        return events;
    }

    private ref KeyValuePair<string, object?> AttributeAt(int index)
    {
        if (index == 0) return ref _attribute0;
        if (index == 1) return ref _attribute1;
        return ref _moreAttributes![index - InlineAttributes];
    }
}
