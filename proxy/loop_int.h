/*
 * loop_int.h - the state of an event loop, shared by loop.c (the loop
 * thread: jobs, slots, the daemon) and loop_inbox.c (what other threads
 * hand to a loop).  Internal to loop*.c: calls go from loop.c to
 * loop_inbox.c, never back.
 *
 * Nothing here may be used outside loop*.c.
 */
#ifndef LOOP_INT_H
#define LOOP_INT_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <sys/socket.h>

#include "loop.h"
#include "pool.h"

#define MAX_EVENTS 64
#define MAX_LOOPS 256
#define BATCH_SCAN 64           /* waiting jobs looked at for a batch */

typedef struct LoopJob
{
    PoolWaiter  waiter;         /* while waiting for a slot */
    Loop       *loop;
    struct LoopJob *prev;       /* the fresh or the waiting list */
    struct LoopJob *next;
    struct LoopJob *handed_next;    /* the inbox's list of handed jobs */
    struct LoopJob *batch_next; /* a lead's members (see gather_batch) */
    ExecJob    *exec;
    ExecResult  res;
    PoolConn   *pc;             /* the slot it runs on */
    double      deadline;       /* for the slot wait */
    bool        waiting;        /* on the waiting list */
    bool        connect_tried;  /* a helper tried to connect its slot */
    bool        writing;        /* output pending: watching for EPOLLOUT too */
    LoopDoneFn  done;
    void       *arg;
} LoopJob;

typedef struct NewConn
{
    struct NewConn *next;
    atomic_int *count;          /* decremented when the daemon refuses it */
    int         fd;
    socklen_t   len;
    struct sockaddr_storage addr;
} NewConn;

/* A doubly linked list of jobs, oldest first. */
typedef struct JobList
{
    LoopJob    *head;
    LoopJob    *tail;
} JobList;

struct Loop
{
    struct MHD_Daemon *daemon;
    int         epfd;
    int         evfd;
    int         pool_wait_ms;
    int         batch_max;      /* jobs per batch; 1: none */
    pthread_t   thread;
    atomic_bool stop;
    char        mhd_tag;        /* epoll data of the daemon's epoll set */
    char        inbox_tag;      /* epoll data of the eventfd */

    pthread_mutex_t inbox_lock; /* guards the inbox: */
    NewConn    *new_conns;
    struct MHD_Connection **resumes;
    size_t      nresumes;
    size_t      capresumes;
    LoopJob    *handed;
    bool        signalled;      /* the eventfd was written since the last drain */

    /* the loop thread's own */
    JobList     fresh;          /* submitted by handlers, not yet started */
    JobList     waiting;        /* queued in the pool, oldest first */
    LoopJob   **by_slot;        /* the job running on each pool slot */
    int         nslots;
    bool        run_mhd;        /* the daemon has work */
};

/* Every loop started, by index (loop_count of them). */
extern Loop *loop_all[MAX_LOOPS];
extern atomic_int loop_count;
/* The loop whose thread this is (NULL on other threads). */
extern _Thread_local Loop *loop_current;

/* Appends a job to a list. */
void        loop_list_append(JobList *l, LoopJob *j);
/* Takes a job out of a list. */
void        loop_list_remove(JobList *l, LoopJob *j);
/* Wakes the loop after its inbox was filled; caller holds inbox_lock. */
void        loop_signal_locked(Loop *l);
/* The pool's callback: a slot was handed to a waiting job (pool lock held). */
void        loop_slot_handed(PoolWaiter *w);

#endif                          /* LOOP_INT_H */
