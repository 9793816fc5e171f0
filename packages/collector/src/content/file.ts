import { watch, type FSWatcher } from 'node:fs'
import { readFile } from 'node:fs/promises'
import type { ContentWarning } from '@goyo/schema'
import { checkedContent, ContentError, hash, type ContentSource } from './source'

/** A content source backed by a file that is watched for changes. */
export interface FileContentSource extends ContentSource {
  /** Reads the file again now; resolves to whether the new content was taken. */
  reload(): Promise<boolean>
  /** Warnings of the current content: events it waits for that nothing is known to send. */
  warnings(): ContentWarning[]
  close(): void
}

/**
 * Loads a content file and watches it. An invalid file at start throws `ContentError` with every
 * problem; an invalid change later keeps the previous content and reports why through `onError`.
 *
 * @example
 * const content = await watchContentFile('goyo.content.json', { onError: (e) => console.error(e.message) })
 */
export async function watchContentFile(
  file: string,
  options: { onChange?: () => void; onError?: (error: Error) => void; debounceMs?: number } = {},
): Promise<FileContentSource> {
  let text = await readFile(file, 'utf8')
  let { content, warnings } = checkedContent(file, text)
  let version = hash(text)
  let watcher: FSWatcher | undefined
  let timer: ReturnType<typeof setTimeout> | undefined

  const reload = async (): Promise<boolean> => {
    try {
      const next = await readFile(file, 'utf8')
      if (next === text) return false
      const parsed = checkedContent(file, next)
      text = next
      ;({ content, warnings } = parsed)
      version = hash(next)
      options.onChange?.()
      return true
    } catch (error) {
      options.onError?.(error instanceof ContentError ? error : new Error(`cannot read ${file}: ${(error as Error).message}`))
      return false
    }
  }

  const arm = () => {
    try {
      // Editors replace files by renaming, which ends a watch on the old inode: watch again after.
      watcher = watch(file, () => {
        clearTimeout(timer)
        timer = setTimeout(() => {
          void reload()
          watcher?.close()
          arm()
        }, options.debounceMs ?? 100)
      })
      watcher.on('error', () => {})
    } catch {
      timer = setTimeout(arm, 1000)
    }
  }
  arm()

  return {
    current: () => content,
    version: () => version,
    warnings: () => warnings,
    reload,
    close() {
      clearTimeout(timer)
      watcher?.close()
    },
  }
}
