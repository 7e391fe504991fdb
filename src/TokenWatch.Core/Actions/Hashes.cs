using System.Security.Cryptography;
using System.Text;

namespace TokenWatch.Core.Actions;

/// <summary>A short SHA-256 of a text: a record that a link was used, without keeping the link.</summary>
public static class Hashes
{
    public static string Of(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];
}
