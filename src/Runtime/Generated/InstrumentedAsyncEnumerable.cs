namespace NumAgents.Instrumentation.Generated;

/// <summary>
/// Wraps the sequence an instrumented <c>IAsyncEnumerable&lt;T&gt;</c> method returns, so its span,
/// timer and counter cover the enumeration (which is when the method's body actually runs), not the
/// call that merely creates the sequence. Each enumeration is one execution.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
internal sealed class InstrumentedAsyncEnumerable<T>(InstrumentationBinding binding, IAsyncEnumerable<T> source) : IAsyncEnumerable<T>
{
    public IAsyncEnumerator<T> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        var call = binding.StartDetached();
        IAsyncEnumerator<T> inner;
        try
        {
            inner = source.GetAsyncEnumerator(cancellationToken);
        }
        catch (Exception exception) when (call.Failed(exception))
        {
            throw;
        }

        return new Enumerator(inner, call);
    }

    private sealed class Enumerator(IAsyncEnumerator<T> inner, InstrumentedCall call) : IAsyncEnumerator<T>
    {
        private int _completed;

        public T Current => inner.Current;

        public async ValueTask<bool> MoveNextAsync()
        {
            try
            {
                var more = await inner.MoveNextAsync().ConfigureAwait(false);
                if (!more) Complete(null);
                return more;
            }
            catch (Exception exception) when (Fail(exception))
            {
                throw;
            }
        }

        /// <summary>A consumer that stops early (a <c>break</c> in <c>await foreach</c>) ends the execution as a success.</summary>
        public async ValueTask DisposeAsync()
        {
            try
            {
                await inner.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception exception) when (Fail(exception))
            {
                throw;
            }

            Complete(null);
        }

        private bool Fail(Exception exception)
        {
            Complete(exception);
            return false;
        }

        private void Complete(Exception? exception)
        {
            // The first outcome wins: the end of the sequence, a failure, or disposal.
            if (Interlocked.Exchange(ref _completed, 1) != 0) return;
            if (exception is null) call.Succeeded();
            else call.Failed(exception);
        }
    }
}
