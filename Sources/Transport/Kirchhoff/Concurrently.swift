import Foundation

/// A computation started on its own thread; `result()` waits for it.
final class Concurrently<Value: Sendable>: @unchecked Sendable {
    private var value: Value?
    private let done = DispatchSemaphore(value: 0)

    init(_ work: @escaping @Sendable () -> Value) {
        Thread { [self] in
            value = work()
            done.signal()
        }.start()
    }

    /// Waits for the value (the semaphore orders the write before this read).
    func result() -> Value {
        done.wait()
        return value!
    }
}
