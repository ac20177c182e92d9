using System.Collections.Concurrent;
using CzPick.Core.Blocks;
using CzPick.Inference.Ensemble;
using CzPick.Inference.Runtime;
using CzPick.Pipeline.Ports;
using CzPick.Pipeline.Workers;
using Microsoft.Extensions.Logging;

namespace CzPick.Worker;

/// <summary>
/// The block pickers of a worker: each ensemble is downloaded once through the <see cref="ModelCache"/>, loaded as
/// one <see cref="EnsemblePredictor"/> (sessions made once, shared by every block and loop) and wrapped in the engine's
/// <see cref="BlockPicker"/>, exactly as <c>czpick pick</c> picks. A load that fails is not kept, so the next block
/// tries again.
/// </summary>
/// <param name="cache">The model cache.</param>
/// <param name="inference">The device and session settings.</param>
/// <param name="logger">Receives the device line of each load.</param>
public sealed class EnsemblePickers(ModelCache cache, InferenceOptions inference, ILogger<EnsemblePickers> logger) : IEnsemblePickers, IDisposable
{
    readonly ConcurrentDictionary<string, Lazy<Task<Loaded>>> loaded = new(StringComparer.Ordinal);

    /// <inheritdoc/>
    public async Task<IBlockPicker> GetAsync(string ensemble, CancellationToken cancellationToken = default)
    {
        Lazy<Task<Loaded>> entry = this.loaded.GetOrAdd(ensemble, name => new Lazy<Task<Loaded>>(() => this.LoadAsync(name)));
        try
        {
            return (await entry.Value.WaitAsync(cancellationToken).ConfigureAwait(false)).Picker;
        }
        catch when (entry.Value.IsFaulted)
        {
            this.loaded.TryRemove(KeyValuePair.Create(ensemble, entry));
            throw;
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (Lazy<Task<Loaded>> entry in this.loaded.Values)
        {
            if (entry.IsValueCreated && entry.Value.IsCompletedSuccessfully)
            {
                entry.Value.Result.Predictor.Dispose();
            }
        }
    }

    /// <summary>Loads an ensemble; shared by every caller, so no caller's cancellation stops it.</summary>
    async Task<Loaded> LoadAsync(string ensemble)
    {
        string folder = await cache.GetAsync(ensemble, CancellationToken.None).ConfigureAwait(false);
        EnsembleManifest manifest = EnsembleManifest.Load(folder);
        EnsemblePredictor predictor = new(manifest, inference, logger);
        try
        {
            return new Loaded(predictor, new BlockPicker(predictor, manifest.CreateBlockPickerOptions()));
        }
        catch
        {
            predictor.Dispose();
            throw;
        }
    }

    sealed record Loaded(EnsemblePredictor Predictor, BlockPicker Picker);
}
