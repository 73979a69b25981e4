using ArticlesApi.Infrastructure.Http;
using Microsoft.Extensions.Options;

namespace ArticlesApi.Features.Media.Storage;

/// Media files under Media:Path, served by the API under /media/{key} (MediaFiles).
public sealed class FileSystemMediaStorage(IOptions<MediaOptions> options, IHostEnvironment environment, PublicUrls urls) : IMediaStorage
{
    public string Root { get; } = Resolve(options.Value.Path, environment.ContentRootPath);

    /// Absolute, from configuration only (MediaStorageServices.FileSystemBaseUrl).
    readonly string _publicBase = MediaStorageServices.FileSystemBaseUrl(options.Value, urls, environment)
        ?? throw new InvalidOperationException(MediaStorageServices.FileSystemBaseUrlMissing);

    public static string Resolve(string path, string contentRoot) => System.IO.Path.GetFullPath(path, contentRoot);

    public async Task PutAsync(string key, Stream content, string contentType, CancellationToken ct)
    {
        var path = PathOf(key);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        // Written under another name and moved into place: a reader never sees half a file.
        var partial = $"{path}.{Guid.NewGuid():N}.partial";
        try
        {
            await using (var file = new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
                await content.CopyToAsync(file, ct);
            File.Move(partial, path, overwrite: false);
        }
        finally
        {
            File.Delete(partial);
        }
    }

    public Task<Stream?> OpenReadAsync(string key, CancellationToken ct)
    {
        var path = PathOf(key);
        return Task.FromResult<Stream?>(File.Exists(path) ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true) : null);
    }

    public Task DeleteAsync(string key, CancellationToken ct)
    {
        var path = PathOf(key);
        // File.Delete throws when the directory is gone (a second delete of an item's last file): gone is gone.
        if (File.Exists(path))
            File.Delete(path);
        // The item's directory goes with its last file (one directory per media item).
        var directory = System.IO.Path.GetDirectoryName(path)!;
        if (Directory.Exists(directory) && !Directory.EnumerateFileSystemEntries(directory).Any())
            Directory.Delete(directory);
        return Task.CompletedTask;
    }

    public string PublicUrl(string key) => $"{_publicBase}/{key}";

    /// Writes and deletes a file in Root (named like a file being written, so never served).
    public async Task ProbeAsync(CancellationToken ct)
    {
        Directory.CreateDirectory(Root);
        var probe = System.IO.Path.Combine(Root, $".health.{Guid.NewGuid():N}.partial");
        try
        {
            await File.WriteAllBytesAsync(probe, [], ct);
        }
        finally
        {
            File.Delete(probe);
        }
    }

    /// The file of a key; a key that would leave Root (`..`, absolute, backslashes) is a bug of the caller.
    string PathOf(string key)
    {
        if (!MediaKeys.IsValid(key))
            throw new ArgumentException($"'{key}' is not a media storage key.", nameof(key));
        var path = System.IO.Path.GetFullPath(key, Root);
        if (!path.StartsWith(Root + System.IO.Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new ArgumentException($"'{key}' is not a media storage key.", nameof(key));
        return path;
    }
}
