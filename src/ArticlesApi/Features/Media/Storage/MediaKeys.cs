using System.Text.RegularExpressions;
using ArticlesApi.Features.Media.Processing;

namespace ArticlesApi.Features.Media.Storage;

/// Storage keys: `{yyyy}/{MM}/{mediaId}/{file}`, one directory per media item, made only by the upload.
public static partial class MediaKeys
{
    public static string Prefix(Guid mediaId, DateTime createdAt) => $"{createdAt:yyyy}/{createdAt:MM}/{mediaId:N}";

    /// The file names the image processor wrote are used as they are when they are plain names.
    public static string For(string prefix, string fileName) => $"{prefix}/{System.IO.Path.GetFileName(fileName)}";

    public static bool IsValid(string key) => Shape().IsMatch(key);

    public static string FormatName(ImageFormat format) => format.ToString().ToLowerInvariant();

    [GeneratedRegex(@"^[0-9]{4}/[0-9]{2}/[0-9a-f]{32}/[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$")]
    private static partial Regex Shape();
}
