Console.WriteLine("codemason-bench: no benchmarks yet.");
