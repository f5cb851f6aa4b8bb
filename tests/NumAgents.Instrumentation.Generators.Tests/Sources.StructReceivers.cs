namespace NumAgents.Instrumentation.Generators.Tests;

internal static partial class Sources
{
    /// <summary>
    /// Instance methods of every kind of struct (mutable, <c>readonly</c> members, <c>readonly struct</c>,
    /// <c>record struct</c>, <c>readonly record struct</c>, <c>ref struct</c>, generic), <c>this ref</c> and
    /// <c>this in</c> extension methods, a struct implementing an interface called directly, and calls on every
    /// kind of storage (local, field, static field, array element, <c>ref</c> local, <c>ref</c> and <c>in</c>
    /// parameters, a readonly field), so a mutation must reach exactly the storage it reaches without the
    /// generator. <c>Run</c> prints what every call left behind.
    /// </summary>
    public const string StructReceivers = """
        using System;
        using System.Threading.Tasks;
        using NumAgents.Instrumentation;

        namespace Shop.Structs;

        public struct Counter
        {
            public int Count;

            [Traced, Counted]
            public void Increment() => Count++;

            [Timed, Counted]
            public readonly int Peek() => Count;

            // Not async: the increment happens before the task is returned, on the caller's storage.
            [Traced, Counted]
            public Task IncrementLaterAsync()
            {
                Count += 10;
                return Task.CompletedTask;
            }
        }

        public readonly struct Money(decimal amount, string currency)
        {
            public decimal Amount => amount;

            [Traced]
            public Money Add(decimal more) => new(amount + more, currency);

            public override string ToString() => amount.ToString(System.Globalization.CultureInfo.InvariantCulture) + currency;
        }

        public record struct Point(int X, int Y)
        {
            [Counted]
            public void Shift(int by)
            {
                X += by;
                Y += by;
            }
        }

        public readonly record struct Size(int Width, int Height)
        {
            [Traced]
            public int Area() => Width * Height;
        }

        public ref struct Cursor
        {
            private readonly ReadOnlySpan<char> _text;

            public Cursor(ReadOnlySpan<char> text)
            {
                _text = text;
                Position = 0;
            }

            public int Position { get; private set; }

            [Traced, Counted]
            public char Next() => _text[Position++];

            [Traced]
            public readonly bool AtEnd() => Position >= _text.Length;

            [Timed]
            public ValueTask<int> SkipAsync(int count)
            {
                Position += count;
                return new ValueTask<int>(Position);
            }
        }

        public struct Box<T>
        {
            public T? Value;
            public int Writes;

            [Traced]
            public void Set(T value)
            {
                Value = value;
                Writes++;
            }
        }

        public static class CounterExtensions
        {
            [Counted]
            public static void Reset(this ref Counter counter) => counter.Count = 0;

            [Traced]
            public static int Doubled(this in Counter counter) => counter.Count * 2;
        }

        public interface IToggle
        {
            bool On { get; }

            void Toggle();
        }

        public struct Switch : IToggle
        {
            public bool On { get; private set; }

            [Traced, Counted]
            public void Toggle() => On = !On;
        }

        public interface IBumpable
        {
            int Bumps { get; }

            [Counted]
            void Bump();
        }

        public struct Bumper : IBumpable
        {
            public int Bumps { get; private set; }

            public void Bump() => Bumps++;
        }

        public sealed class Holder
        {
            public static Counter Shared;
            public readonly Counter ReadOnlyField;
            public Counter Field;
            public Counter[] Items = new Counter[2];
        }

        public static class Program
        {
            public static string Run()
            {
                var local = new Counter();
                local.Increment();
                local.Increment();
                var holder = new Holder();
                holder.Field.Increment();
                holder.ReadOnlyField.Increment();
                Holder.Shared.Increment();
                holder.Items[1].Increment();
                ref var element = ref holder.Items[0];
                element.Increment();
                IncrementByRef(ref holder.Items[0]);
                var peekedIn = IncrementIn(in local);
                var pending = local.IncrementLaterAsync();
                var doubled = local.Doubled();
                holder.Field.Reset();

                var point = new Point(1, 2);
                point.Shift(3);
                var money = new Money(2m, "EUR").Add(3m);
                var area = new Size(3, 4).Area();

                var cursor = new Cursor("abcd");
                var first = cursor.Next();
                var second = cursor.Next();
                var skipped = cursor.SkipAsync(1).Result;
                var atEnd = cursor.AtEnd();

                var box = new Box<string>();
                box.Set("a");
                box.Set("b");

                var toggle = new Switch();
                toggle.Toggle();
                toggle.Toggle();
                toggle.Toggle();

                var bumpers = new Bumper[1];
                BumpAll(bumpers);
                IBumpable boxed = new Bumper();
                boxed.Bump();

                return $"local={local.Count}|field={holder.Field.Count}|readonly={holder.ReadOnlyField.Count}|shared={Holder.Shared.Count}"
                    + $"|items={holder.Items[0].Count},{holder.Items[1].Count}|in={peekedIn}|pending={pending.IsCompletedSuccessfully}|doubled={doubled}"
                    + $"|point={point}|money={money}|area={area}|cursor={first}{second},{skipped},{atEnd},{cursor.Position}"
                    + $"|box={box.Value},{box.Writes}|toggle={toggle.On}|bumpers={bumpers[0].Bumps}|boxed={boxed.Bumps}";
            }

            private static void IncrementByRef(ref Counter counter) => counter.Increment();

            // A mutating call on an 'in' parameter changes a copy, with and without the generator.
            private static int IncrementIn(in Counter counter)
            {
                counter.Increment();
                return counter.Peek();
            }

            // A constrained call: the struct in the array is bumped, so the generator leaves it alone (NAI0017).
            private static void BumpAll<T>(T[] items)
                where T : IBumpable
            {
                for (var i = 0; i < items.Length; i++)
                {
                    items[i].Bump();
                }
            }
        }
        """;
}
