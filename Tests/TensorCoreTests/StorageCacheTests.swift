// StorageCacheTests: the storage cache's budget and its eviction of the sizes used least
// recently (TensorStorage.swift). Most tests drive a `StorageCache.State` of their own with a
// small budget and made-up addresses, so nothing else in the test process can disturb them;
// two drive the process's cache itself and ask only about sizes of their own (other suites
// allocate, free and evict in it meanwhile).
import Foundation
import Testing
@testable import TensorCore

/// A cache that holds 10 KiB; sizes in floats (4 bytes each).
private func smallCache() -> StorageCache.State { StorageCache.State(budget: 10 << 10) }

/// The bytes the bins keep, counted from the bins themselves.
private func keptBytes(_ s: StorageCache.State) -> Int {
    s.bins.reduce(0) { $0 + $1.key * 4 * $1.value.free.count }
}

/// Once the budget is full, a size that comes back takes the room of the size used least
/// recently, not of one in use since: 1 KiB buffers (used last), 2 KiB ones (idle), then a
/// 4 KiB size that needs room.
@Test func aNewSizeTakesTheRoomOfTheSizeUsedLeastRecently() {
    var s = smallCache()
    var freed: [UInt] = []
    let free = { (p: UInt) in freed.append(p) }
    var kept: [Bool] = []
    for a: UInt in [0x1000, 0x2000] { kept.append(s.takeBack(a, 256, free: free)) }  // 2 KiB
    for a: UInt in [0x3000, 0x4000] { kept.append(s.takeBack(a, 512, free: free)) }  // 4 KiB more
    let p = s.handOut(256)                                                            // 1 KiB in use again
    #expect(p == 0x2000)
    kept.append(s.takeBack(p!, 256, free: free))
    kept.append(s.takeBack(0x5000, 1024, free: free))                                 // 10 KiB: full
    #expect(kept == [true, true, true, true, true, true])
    #expect(freed.isEmpty && s.cachedBytes == 10 << 10)
    let newcomer = s.takeBack(0x6000, 1024, free: free)                               // needs 4 KiB
    #expect(newcomer)
    #expect(Set(freed) == [0x3000, 0x4000])                                         // the idle size's
    #expect(s.kept(512) == 0 && s.kept(256) == 2 && s.kept(1024) == 2)
    #expect(s.cachedBytes == 10 << 10 && keptBytes(s) == s.cachedBytes && s.evicted == 2)
    // The size gets its buffers back in turn.
    let again = [s.handOut(1024), s.handOut(1024), s.handOut(1024)]
    #expect(again == [0x6000, 0x5000, nil])
    #expect(s.reused == 3 && s.fresh == 1)
}

/// A size with no other size to make room keeps what fits; a buffer bigger than the whole
/// budget is never kept.
@Test func aSizeAloneKeepsWhatFitsAndNoBufferPassesTheBudget() {
    var s = smallCache()
    var freed: [UInt] = []
    let kept = (1...4).map { i in s.takeBack(UInt(i) << 16, 1024, free: { freed.append($0) }) }
    #expect(kept == [true, true, false, false] && freed.isEmpty)
    let tooBig = s.takeBack(0x9000, 4096, free: { freed.append($0) })   // 16 KiB > 10 KiB
    #expect(!tooBig)
    #expect(freed.isEmpty && s.kept(1024) == 2 && s.kept(4096) == 0 && s.cachedBytes == 8 << 10)
}

/// A seeded random run of hand-outs and give-backs over many sizes: the kept bytes never pass
/// the budget and always match the bins, no buffer is handed out while another holder still
/// has it, and a buffer given up to make room is neither kept nor handed out again.
@Test func theCacheNeverPassesItsBudgetNorHandsOutABufferTwice() {
    var s = smallCache()
    var rng: UInt64 = 0x9E37_79B9_7F4A_7C15
    func next(_ bound: Int) -> Int {
        rng = rng &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int((rng >> 33) % UInt64(bound))
    }
    let sizes = [256, 300, 512, 700, 1024, 1500, 2048, 3000]
    var nextAddress: UInt = 0x10000
    var held: [(address: UInt, n: Int)] = []
    var heldSet = Set<UInt>()
    var inCache = Set<UInt>()
    var gone = Set<UInt>()   // given up to malloc: never seen again
    var reusedHere = 0
    for _ in 0..<20_000 {
        if held.isEmpty || (held.count < 40 && next(2) == 0) {
            let n = sizes[next(sizes.count)]
            let address: UInt
            if let p = s.handOut(n) {
                #expect(!heldSet.contains(p) && !gone.contains(p) && inCache.contains(p))
                inCache.remove(p)
                address = p
                reusedHere += 1
            } else {
                nextAddress += 0x10000
                address = nextAddress
            }
            held.append((address, n))
            heldSet.insert(address)
        } else {
            let (address, n) = held.remove(at: next(held.count))
            heldSet.remove(address)
            let kept = s.takeBack(address, n) { p in
                #expect(inCache.contains(p) && !heldSet.contains(p))
                inCache.remove(p)
                gone.insert(p)
            }
            if kept { inCache.insert(address) } else { gone.insert(address) }
        }
        #expect(s.cachedBytes <= s.budget)
        #expect(s.cachedBytes == keptBytes(s))
        #expect(Set(s.bins.values.flatMap(\.free)) == inCache)
    }
    #expect(reusedHere > 1000 && s.evicted > 100)   // the run really reused and evicted
}

/// The address the cache holds next for `size` (the last buffer its bin keeps), if any.
private func nextKept(_ size: Int) -> UInt? { StorageCache.state.withLock { $0.bins[size]?.free.last } }

/// How many of ten tensors of `size` floats (a size no other test allocates), each written and
/// freed in turn, got the very buffer the cache kept for that size. Counted by address, not by
/// the process's `counts.reused`, which every other suite's hand-outs move meanwhile: with the
/// counter, a cache that never kept this size passed whenever other tests reused buffers.
/// (A kept buffer is still allocated, so malloc cannot give its address to a fresh one.)
private func reusesOverTenTensors(of size: Int) -> Int {
    var reused = 0
    for _ in 0..<10 {
        let kept = nextKept(size)
        let t = Tensor(uninitialized: [size], count: size)
        t.base[size - 1] = 1   // written, then freed at the end of the iteration
        if let kept, UInt(bitPattern: t.base) == kept { reused += 1 }
    }
    return reused
}

/// Runs `round` until it succeeds, for up to 30 s; records the last round's account if none
/// did. Another suite may give back enough storage at once (WorkerPoolTests'
/// `theStorageCacheKeepsAtMostItsBudget` frees 80 MiB) to evict this test's buffers between a
/// free and the next allocation, which the cache does by design; a cache that never keeps or
/// never hands out the size fails every round.
private func untilARoundSucceeds(_ round: () -> (ok: Bool, account: String)) {
    let deadline = Date().addingTimeInterval(30)
    var last = ""
    repeat {
        let (ok, account) = round()
        if ok { return }
        last = account
    } while Date() < deadline
    Issue.record("no round succeeded in 30 s; the last: \(last)")
}

@Test func freedStorageIsHandedOutAgain() {
    untilARoundSucceeds {
        let reused = reusesOverTenTensors(of: 12_347)   // an odd size no other test allocates
        return (reused >= 9, "\(reused) of 9 reused")
    }
}

/// Session 8's failure: once other sizes had filled the process's 64 MiB budget, a new size was
/// never cached (`freedStorageIsHandedOutAgain` reused 0 of 9 in the shared test process).
/// Here the budget is filled on purpose with three other sizes first, then topped up with a
/// fourth, smaller than the new size, until the fillers alone leave less room than one buffer
/// of the new size: the first one that comes back can only be kept by evicting. Whether the
/// cache is full is asked of this test's own bins, not of `cachedBytes`, which other suites
/// move (emptying the cache by taking back their own buffers).
@Test func freedStorageIsHandedOutAgainAfterTheCacheIsFull() {
    let fillers = [262_147, 262_151, 262_153]   // ~1 MiB each, sizes no other test allocates
    let (size, topUp) = (12_349, 12_301)        // the new size, and a smaller one to top up with
    let ownBytes = {
        StorageCache.state.withLock { s in (fillers + [topUp]).reduce(0) { $0 + s.kept($1) * $1 * 4 } }
    }
    untilARoundSucceeds {
        for n in fillers {
            let buffers = (0..<32).map { _ in StorageCache.allocate(n) }
            for p in buffers { StorageCache.release(p, n) }
        }
        // Each top-up buffer fits while there is room for it, so the room shrinks below one
        // buffer of `size` before any top-up needs to evict a filler.
        let spare = (0..<40).map { _ in StorageCache.allocate(topUp) }
        var given = 0
        while given < spare.count && StorageCache.budget - ownBytes() >= size * 4 {
            StorageCache.release(spare[given], topUp)
            given += 1
        }
        for p in spare[given...] { UnsafeMutableRawPointer(p).deallocate() }
        let room = StorageCache.budget - ownBytes()
        guard room < size * 4 else { return (false, "the fillers left \(room) bytes of room") }
        let reused = reusesOverTenTensors(of: size)
        return (reused >= 9, "\(reused) of 9 reused after the fillers left \(room) bytes of room")
    }
    #expect(StorageCache.state.withLock { $0.cachedBytes } <= StorageCache.budget)
}
