namespace TokenWatch.Simulator;

/// <summary>A program the simulator needs (Node.js, npm) is not installed; the message says what to install.</summary>
public sealed class ToolMissingException(string message, Exception inner) : Exception(message, inner);
